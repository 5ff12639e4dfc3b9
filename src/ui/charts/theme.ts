/** Chart colours: one palette for every chart. */
export const COLORS = {
  available: '#1f9d6b',
  encumbered: '#e0a43a',
  locked: '#6b8afd',
  pledged: '#e0a43a',
  frozen: '#d4574b',
  participants: '#1f9d6b',
  system: '#8aa5c8',
  cancelled: '#9b8fb3',
  issued: '#17211d',
  series: ['#1f9d6b', '#2f6fd0', '#e0a43a', '#9b59b6', '#d4574b', '#16a3b5', '#7a8882'],
};

/** Axis ticks in tonnes: 3,200,000 → "3.2M" (en) / "320万" (zh). */
export function compactTonnes(v: number, lang: 'en' | 'zh'): string {
  const abs = Math.abs(v);
  if (lang === 'zh') {
    if (abs >= 1e8) return `${+(v / 1e8).toFixed(2)}亿`;
    if (abs >= 1e4) return `${+(v / 1e4).toFixed(1)}万`;
    return String(v);
  }
  if (abs >= 1e9) return `${+(v / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return String(v);
}
