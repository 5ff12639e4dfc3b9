import { NATIONAL_OFFSET_SHARE } from '@/domain/compliance/nationalRules';
import { BLOCK_MIN_QUANTITY, LISTED_MAX_QUANTITY } from '@/domain/trading/orderSize';
import { BAND_PERCENT } from '@/domain/trading/priceBand';
import type { Lang } from './index';
import { textFormat } from './problems/format';

/**
 * Rule parameters as the dictionaries and the OpenAPI descriptions quote them, derived from the
 * rules themselves (src/domain): prose never hard-codes "±10 %" or "100,000 t".
 */
export function ruleParams(lang: Lang) {
  const f = textFormat(lang);
  return {
    listedBand: `±${f.pct(BAND_PERCENT.LISTED.toString())}`,
    blockBand: `±${f.pct(BAND_PERCENT.BLOCK.toString())}`,
    /** "100,000 t" / "10 万吨" */
    blockMin: lang === 'zh' ? `${BLOCK_MIN_QUANTITY / 10_000} 万吨` : f.t(BLOCK_MIN_QUANTITY),
    listedMax: f.t(LISTED_MAX_QUANTITY),
    nationalOffsetShare: f.pct(NATIONAL_OFFSET_SHARE),
  };
}
