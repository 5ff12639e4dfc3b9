import type { HoldingOption } from '@/ui/forms/HoldingFields';

/** What a form moving units out of an account needs of its holdings (see HoldingFields). */
export const holdingOptions = (items: readonly HoldingOption[]): HoldingOption[] =>
  items.map((h) => ({ instrument: h.instrument, vintage: h.vintage, available: h.available }));
