import Decimal from 'decimal.js';
import { NATIONAL_OFFSET_SHARE } from '@/domain/compliance/nationalRules';
import { groupThousands } from '@/domain/quantity';
import { BLOCK_MIN_QUANTITY, LISTED_MAX_QUANTITY } from '@/domain/trading/orderSize';
import { BAND_PERCENT } from '@/domain/trading/priceBand';

/**
 * Rule parameters as the dictionaries and the OpenAPI descriptions quote them, derived from the
 * rules themselves (src/domain): prose never hard-codes "±10 %" or "100,000 t".
 */
const pct = (fraction: Decimal.Value, lang: 'en' | 'zh') => `${new Decimal(fraction).times(100).toString()}${lang === 'zh' ? '%' : ' %'}`;

export function ruleParams(lang: 'en' | 'zh') {
  return {
    listedBand: `±${pct(BAND_PERCENT.LISTED, lang)}`,
    blockBand: `±${pct(BAND_PERCENT.BLOCK, lang)}`,
    /** "100,000 t" / "10 万吨" */
    blockMin: lang === 'zh' ? `${BLOCK_MIN_QUANTITY / 10_000} 万吨` : `${groupThousands(String(BLOCK_MIN_QUANTITY))} t`,
    listedMax: lang === 'zh' ? `${groupThousands(String(LISTED_MAX_QUANTITY))} 吨` : `${groupThousands(String(LISTED_MAX_QUANTITY))} t`,
    nationalOffsetShare: pct(NATIONAL_OFFSET_SHARE, lang),
  };
}
