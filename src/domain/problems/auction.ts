import { defineProblems } from './define';

/** The auction context's problem codes (texts: src/i18n/problems/auction.ts). */
export const AUCTION_PROBLEMS = defineProblems({});
