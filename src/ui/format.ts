import Decimal from 'decimal.js';
import { formatCny } from '@/domain/money';
import { groupThousands } from '@/domain/quantity';
import type { Lang } from '@/i18n';

/** Display formatting shared by server and client components (same output on both sides). */

/** Whole tonnes with thousands separators: 1234567 → "1,234,567". */
export function tonnes(n: number | bigint | string): string {
  const s = typeof n === 'string' ? n : n.toString();
  const negative = s.startsWith('-');
  return `${negative ? '-' : ''}${groupThousands(negative ? s.slice(1) : s)}`;
}

/** Signed change: "+10", "-10", "0". */
export function signedTonnes(n: number): string {
  return n > 0 ? `+${tonnes(n)}` : tonnes(n);
}

/** "1,234,567 t" / "1,234,567 吨". */
export function tonnesWithUnit(n: number | bigint, lang: Lang): string {
  return `${tonnes(n)} ${lang === 'zh' ? '吨' : 't'}`;
}

/** CNY from a decimal string: "¥1,234.50". */
export function cny(amount: string, lang: Lang = 'en'): string {
  return formatCny(new Decimal(amount), lang);
}

/** Plain amount with grouping and two decimals, for CNY columns: "1,234.50". */
export function amount(value: string): string {
  return cny(value).replace('¥', '');
}

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date | string) {
  const map: Record<string, string> = {};
  for (const p of PARTS.formatToParts(typeof d === 'string' ? new Date(d) : d)) map[p.type] = p.value;
  return map;
}

/** A name kept in both languages (holiday, auction title): the Chinese one for a Chinese reader when there is one. */
export const inLang = (o: { en: string; zh: string | null | undefined }, lang: Lang): string => (lang === 'zh' && o.zh ? o.zh : o.en);

/** An auction's title in the reader's language. */
export const auctionTitle = (a: { title: string; titleZh: string | null }, lang: Lang): string => inLang({ en: a.title, zh: a.titleZh }, lang);

/** Beijing time (the market's clock): "2025-11-21 13:45". */
export function dateTime(d: Date | string): string {
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function dateTimeSeconds(d: Date | string): string {
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function dateOnly(d: Date | string): string {
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "CEA-2024". */
export const asset = (instrument: string, vintage: number) => `${instrument}-${vintage}`;

/** Organisation name in the user's language. */
export const orgName = (o: { name: string; nameZh?: string | null }, lang: Lang) => (lang === 'zh' && o.nameZh ? o.nameZh : o.name);

/** First and last characters of a hash: "3f9a1c…be02". */
export const shortHash = (h: string) => (h.length > 14 ? `${h.slice(0, 8)}…${h.slice(-4)}` : h);
