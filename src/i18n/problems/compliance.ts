import type { COMPLIANCE_PROBLEMS } from '@/domain/problems/compliance';
import type { ProblemTexts } from './format';

export const complianceTexts: ProblemTexts<typeof COMPLIANCE_PROBLEMS> = {
  en: {},
  zh: {},
};
