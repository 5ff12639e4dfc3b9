import type { Problem, ProblemCode, Problems } from '@/domain/problems';
import type { Lang } from '../index';
import { analysisTexts } from './analysis';
import { auctionTexts } from './auction';
import { commonTexts } from './common';
import { complianceTexts } from './compliance';
import { controlsTexts } from './controls';
import { identityTexts } from './identity';
import { notificationTexts } from './notifications';
import { registryTexts } from './registry';
import { tradingTexts } from './trading';
import { textFormat, type TextsOf } from './format';

export { textFormat, type TextFormat } from './format';

/**
 * Every problem code's text in English and Chinese, merged from the contexts' text files (one per
 * file of src/domain/problems). The type check asks for every code in both languages.
 */
const TEXTS: { en: TextsOf<Problems>; zh: TextsOf<Problems> } = {
  en: { ...commonTexts.en, ...identityTexts.en, ...registryTexts.en, ...tradingTexts.en, ...auctionTexts.en, ...complianceTexts.en, ...analysisTexts.en, ...notificationTexts.en, ...controlsTexts.en },
  zh: { ...commonTexts.zh, ...identityTexts.zh, ...registryTexts.zh, ...tradingTexts.zh, ...auctionTexts.zh, ...complianceTexts.zh, ...analysisTexts.zh, ...notificationTexts.zh, ...controlsTexts.zh },
};

/** A problem's text in the reader's language. */
export function renderProblem(problem: Problem, lang: Lang): string {
  const text = TEXTS[lang][problem.code as ProblemCode] as (params: unknown, f: ReturnType<typeof textFormat>) => string;
  return text(problem.params, textFormat(lang));
}

/** Field problems rendered in the reader's language: { quantity: 'Must be at most 99,999.' }. */
export function renderFields(fields: Readonly<Record<string, Problem>>, lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, renderProblem(p, lang)]));
}
