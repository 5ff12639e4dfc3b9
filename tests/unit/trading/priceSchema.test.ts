import { describe, expect, it } from 'vitest';
import { priceSchema, referencePriceSchema } from '@/schemas/trading';
import { bidSchema } from '@/schemas/auction';

/** Prices are strings matching the documented pattern ^\d{1,10}(\.\d{1,2})?$, above zero: nothing is trimmed. */
describe('priceSchema', () => {
  it.each(['1', '52.30', '0.01', '9999999999.99'])('accepts %j as it is', (price) => {
    expect(priceSchema.parse(price)).toBe(price);
  });

  it.each([' 1', '1 ', ' 52.30 ', '\t52.30', '52.30\n', '0', '0.00', '52.301', '1e3', '-1', '', '52,30'])('refuses %j', (price) => {
    expect(priceSchema.safeParse(price).success).toBe(false);
  });

  it('is what a reference price and a bid are checked with', () => {
    expect(referencePriceSchema.safeParse({ referencePrice: ' 1' }).success).toBe(false);
    expect(referencePriceSchema.parse({ referencePrice: '1' })).toEqual({ referencePrice: '1' });
    expect(bidSchema.safeParse({ price: '50.00 ', quantity: 1 }).success).toBe(false);
  });

  it('documents the pattern it applies', () => {
    expect(priceSchema.toJSONSchema()).toMatchObject({ type: 'string', pattern: '^\\d{1,10}(\\.\\d{1,2})?$' });
  });
});
