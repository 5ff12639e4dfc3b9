import type { IDENTITY_PROBLEMS } from '@/domain/problems/identity';
import type { ProblemTexts } from './format';

export const identityTexts: ProblemTexts<typeof IDENTITY_PROBLEMS> = {
  en: {},
  zh: {},
};
