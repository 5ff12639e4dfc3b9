import type { REGISTRY_PROBLEMS } from '@/domain/problems/registry';
import type { ProblemTexts } from './format';

export const registryTexts: ProblemTexts<typeof REGISTRY_PROBLEMS> = {
  en: {},
  zh: {},
};
