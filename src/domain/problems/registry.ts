import { defineProblems } from './define';

/** The registry context's problem codes (texts: src/i18n/problems/registry.ts). */
export const REGISTRY_PROBLEMS = defineProblems({});
