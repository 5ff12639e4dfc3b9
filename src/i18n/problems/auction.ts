import type { AUCTION_PROBLEMS } from '@/domain/problems/auction';
import type { ProblemTexts } from './format';

export const auctionTexts: ProblemTexts<typeof AUCTION_PROBLEMS> = {
  en: {},
  zh: {},
};
