import { defineProblems } from './define';

/** The compliance context's problem codes (texts: src/i18n/problems/compliance.ts). */
export const COMPLIANCE_PROBLEMS = defineProblems({});
