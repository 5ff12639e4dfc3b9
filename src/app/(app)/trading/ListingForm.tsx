'use client';

import { placeListingAction } from '@/app/actions/trading';
import { LISTED_MAX_QUANTITY } from '@/domain/trading/orderSize';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { listingSchema } from '@/schemas/trading';
import { Alert } from '@/ui/Alert';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { amount, cny, tonnes } from '@/ui/format';
import { bandError, buyCost, feePercent, meansError, priceOf, sellProceeds, type Band, type Means } from './orderChecks';
import { SideSwitch } from './SideSwitch';

/**
 * A listing (挂牌): side, price and quantity, checked as you type against the ±10 % band of the
 * previous close, the 0.01 tick, 1–99,999 t, and the cash (value plus fee) or the sellable
 * allowances it will lock; the figures to be locked are shown before submitting.
 */
export function ListingForm({
  symbol, band, base, feeRate, means, blocked,
}: {
  symbol: string;
  band: Band | null;
  /** The previous close (or, before the first close, the reference price). */
  base: string | null;
  feeRate: string;
  means: Means;
  /** Why no listing can be placed now (session closed, suspended…), or undefined. */
  blocked?: string;
}) {
  const { t, lang } = useI18n();
  const toInput = (v: Record<string, string>) => ({ symbol, side: v.side, price: (v.price ?? '').trim(), quantity: toInt(v.quantity ?? '') });
  const form = useActionForm<Record<string, string>>({
    initial: { side: 'BUY', price: '', quantity: '' },
    validate: (v) => {
      const input = toInput(v);
      const errors = zodFieldErrors(listingSchema, input, lang);
      const price = errors.price ? null : priceOf(input.price);
      if (price && !errors.price) {
        const e = bandError(price, band, t);
        if (e) errors.price = e;
      }
      if (!errors.quantity && input.quantity > LISTED_MAX_QUANTITY) errors.quantity = fmt(t.trading.listedMax, { max: tonnes(LISTED_MAX_QUANTITY) });
      if (price && !errors.price && !errors.quantity) {
        const e = meansError(input.side === 'SELL' ? 'SELL' : 'BUY', buyCost(price, input.quantity, feeRate).lock, input.quantity, means, t);
        if (e) errors.quantity = e;
      }
      return errors;
    },
    submit: (v) => placeListingAction(toInput(v)),
    onSuccess: (_r, v) => ({ ...v, quantity: '' }),
  });
  const v = form.values;
  const side = v.side === 'SELL' ? 'SELL' : 'BUY';
  const price = priceOf(v.price ?? '');
  const quantity = toInt(v.quantity ?? '');
  const ready = price !== null && Number.isInteger(quantity) && quantity > 0 && quantity <= LISTED_MAX_QUANTITY;
  const chips = band ? [
    { label: t.trading.lowLimit, value: band.low },
    ...(base ? [{ label: t.trading.prevClose, value: base }] : []),
    { label: t.trading.highLimit, value: band.high },
  ] : [];

  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="listing-form">
      {blocked ? <Alert kind="info">{blocked}</Alert> : null}
      <Field name="side" label={t.trading.side}>
        <SideSwitch value={side} onChange={(s) => form.set('side', s)} labels={t.trading.listSide} testId="listing-side" />
      </Field>
      <div className="form-grid">
        <Field
          name="price"
          label={t.trading.priceCny}
          error={form.errorOf('price')}
          hint={band ? fmt(t.trading.bandHint, { low: band.low, high: band.high, base: base ?? t.common.dash }) : t.trading.noBand}
        >
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('price')} data-testid="listing-price" />
        </Field>
        <Field name="quantity" label={t.trading.quantityT} error={form.errorOf('quantity')} hint={side === 'SELL' ? fmt(t.trading.sellableHint, { n: tonnes(means.sellable) }) : fmt(t.trading.listedRange, { max: tonnes(LISTED_MAX_QUANTITY) })}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid="listing-quantity" />
        </Field>
      </div>
      {chips.length ? (
        <div className="price-chips" aria-label={t.trading.quickPrice}>
          {chips.map((c) => (
            <button key={c.label} type="button" onClick={() => form.set('price', c.value)}>
              {c.label} {c.value}
            </button>
          ))}
        </div>
      ) : null}
      {ready ? (
        side === 'BUY' ? (
          (() => {
            const c = buyCost(price, quantity, feeRate);
            return (
              <dl className="estimate" data-testid="listing-estimate">
                <dt>{t.trading.value}</dt>
                <dd>{cny(c.value.toFixed(2), lang)}</dd>
                <dt>{fmt(t.trading.feeAt, { rate: feePercent(feeRate) })}</dt>
                <dd>{cny(c.fee.toFixed(2), lang)}</dd>
                <dt>{t.trading.cashToLock}</dt>
                <dd className="total">{cny(c.lock.toFixed(2), lang)}</dd>
                {means.cashAvailable !== null ? (
                  <>
                    <dt>{t.trading.cashAvailable}</dt>
                    <dd>{cny(means.cashAvailable, lang)}</dd>
                  </>
                ) : null}
              </dl>
            );
          })()
        ) : (
          (() => {
            const p = sellProceeds(price, quantity, feeRate);
            return (
              <dl className="estimate" data-testid="listing-estimate">
                <dt>{t.trading.unitsToLock}</dt>
                <dd className="total">
                  {tonnes(quantity)} {t.common.tonnes} {symbol}
                </dd>
                <dt>{t.trading.sellableNow}</dt>
                <dd>
                  {tonnes(means.sellable)} {t.common.tonnes}
                </dd>
                <dt>{t.trading.proceedsIfFilled}</dt>
                <dd>
                  {cny(p.net.toFixed(2), lang)} <span className="faint">({fmt(t.trading.afterFee, { fee: amount(p.fee.toFixed(2)) })})</span>
                </dd>
              </dl>
            );
          })()
        )
      ) : null}
      <div className="btn-row">
        <SubmitButton pending={form.pending} disabled={Boolean(blocked)} testId="listing-submit">
          {side === 'BUY' ? t.trading.placeBuy : t.trading.placeSell}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'listing-success' : 'listing-error'} />
    </form>
  );
}
