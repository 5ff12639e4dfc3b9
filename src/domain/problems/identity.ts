import { defineProblems } from './define';

/** The identity context's problem codes (texts: src/i18n/problems/identity.ts). */
export const IDENTITY_PROBLEMS = defineProblems({});
