import Decimal from 'decimal.js';
import type { AllocationMethod } from '@/domain/compliance/allocation';
import type { Tone } from '@/ui/Badge';

/** What the allocation pages share about the methods (基准线法, 历史强度法, 历史法) and the shares of a rule. */

export const METHODS: readonly AllocationMethod[] = ['BENCHMARK', 'HISTORICAL_INTENSITY', 'HISTORICAL_EMISSIONS'];

export const METHOD_TONE: Record<AllocationMethod, Tone> = { BENCHMARK: 'green', HISTORICAL_INTENSITY: 'blue', HISTORICAL_EMISSIONS: 'amber' };

/** A share as a percentage: "0.7" → "70 %", "0.03" → "3 %". */
export const share = (s: string) => `${new Decimal(s).times(100).toString()} %`;
