import Decimal from 'decimal.js';
import { formatCny } from '@/domain/money';
import { groupThousands } from '@/domain/quantity';
import type { ProblemParams } from '@/domain/problems';
import type { Lang } from '../index';

/** What a problem's text may use to format its parameters for the reader's language. */
export interface TextFormat {
  lang: Lang;
  /** A whole number with grouping: 4500000 → "4,500,000". */
  n(value: number | string): string;
  /** Tonnes with the unit: "4,500,000 t" / "4,500,000 吨". */
  t(value: number | string): string;
  /** CNY from a decimal string or number: "¥1,234.50". */
  cny(value: string | number): string;
  /** A share as per cent from a fraction: 0.05 → "5 %" / "5%". */
  pct(fraction: string | number): string;
  /** A list: "a, b and c" / "a、b 和 c". */
  list(items: readonly (string | number)[]): string;
}

export function textFormat(lang: Lang): TextFormat {
  const n = (value: number | string) => {
    const s = String(value);
    const negative = s.startsWith('-');
    const [whole, fraction] = (negative ? s.slice(1) : s).split('.');
    return `${negative ? '-' : ''}${groupThousands(whole ?? '0')}${fraction ? `.${fraction}` : ''}`;
  };
  return {
    lang,
    n,
    t: (value) => `${n(value)} ${lang === 'zh' ? '吨' : 't'}`,
    cny: (value) => formatCny(new Decimal(value), lang),
    pct: (fraction) => `${new Decimal(fraction).times(100).toString()}${lang === 'zh' ? '%' : ' %'}`,
    list: (items) => {
      const xs = items.map(String);
      if (xs.length <= 1) return xs.join('');
      return lang === 'zh' ? `${xs.slice(0, -1).join('、')} 和 ${xs.at(-1)}` : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
    },
  };
}

/** The texts of a registry's codes in one language: a function of the code's parameters. */
export type TextsOf<R extends Record<string, { params: ProblemParams }>> = { [C in keyof R]: (params: R[C]['params'], f: TextFormat) => string };

/** A registry's texts in both languages; the type check asks for every code in each. */
export interface ProblemTexts<R extends Record<string, { params: ProblemParams }>> {
  en: TextsOf<R>;
  zh: TextsOf<R>;
}
