'use client';

import { proposeBlockAction } from '@/app/actions/trading';
import { BLOCK_MAX_QUANTITY, BLOCK_MIN_QUANTITY } from '@/domain/trading/orderSize';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { blockProposalSchema } from '@/schemas/trading';
import { Alert } from '@/ui/Alert';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { cny, tonnes } from '@/ui/format';
import { bandError, buyCost, feePercent, meansError, priceOf, sellProceeds, type Band, type Means } from './orderChecks';
import { SideSwitch } from './SideSwitch';
import type { Counterparty } from '@/server/trading/screens';

/**
 * A block agreement transfer proposal (大宗协议): side, price within ±30 % of the previous close,
 * at least 100,000 t, to one counterparty (its registry account ID) or as an open offer to any
 * eligible participant. Locks the allowances or the cash (with the fee) until decided.
 */
export function ProposeForm({ symbol, band, base, feeRate, means, ownAccountId, counterparties, blocked }: { symbol: string; band: Band | null; base: string | null; feeRate: string; means: Means; ownAccountId: number; counterparties: Counterparty[]; blocked?: string }) {
  const { t, lang } = useI18n();
  const toInput = (v: Record<string, string>) => ({
    symbol,
    side: v.side,
    price: (v.price ?? '').trim(),
    quantity: toInt(v.quantity ?? ''),
    counterpartyAccountId: v.target === 'open' ? undefined : toInt(v.counterpartyAccountId ?? ''),
  });
  const form = useActionForm<Record<string, string>>({
    initial: { side: 'SELL', price: '', quantity: '', target: 'directed', counterpartyAccountId: '' },
    validate: (v) => {
      const input = toInput(v);
      const errors = zodFieldErrors(blockProposalSchema, input, lang);
      if (v.target !== 'open') {
        if (!(v.counterpartyAccountId ?? '').trim()) errors.counterpartyAccountId = t.block.counterpartyRequired;
        else if (errors.counterpartyAccountId) errors.counterpartyAccountId = t.block.counterpartyId;
        else if (input.counterpartyAccountId === ownAccountId) errors.counterpartyAccountId = t.block.notYourself;
      }
      const price = errors.price ? null : priceOf(input.price);
      if (price) {
        const e = bandError(price, band, t);
        if (e) errors.price = e;
      }
      if (!errors.quantity && input.quantity < BLOCK_MIN_QUANTITY) errors.quantity = fmt(t.block.minQuantity, { min: tonnes(BLOCK_MIN_QUANTITY) });
      if (!errors.quantity && input.quantity > BLOCK_MAX_QUANTITY) errors.quantity = fmt(t.block.maxQuantity, { max: tonnes(BLOCK_MAX_QUANTITY) });
      if (price && !errors.price && !errors.quantity) {
        const e = meansError(input.side === 'BUY' ? 'BUY' : 'SELL', buyCost(price, input.quantity, feeRate).lock, input.quantity, means, t);
        if (e) errors.quantity = e;
      }
      return errors;
    },
    submit: (v) => proposeBlockAction(toInput(v)),
    onSuccess: (_r, v) => ({ ...v, quantity: '', price: '' }),
  });
  const v = form.values;
  const side = v.side === 'BUY' ? 'BUY' : 'SELL';
  const price = priceOf(v.price ?? '');
  const quantity = toInt(v.quantity ?? '');
  const ready = price !== null && Number.isInteger(quantity) && quantity >= BLOCK_MIN_QUANTITY && quantity <= BLOCK_MAX_QUANTITY;
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="block-form">
      {blocked ? <Alert kind="info">{blocked}</Alert> : null}
      <Field name="side" label={t.block.yourSide}>
        <SideSwitch value={side} onChange={(s) => form.set('side', s)} testId="block-side" />
      </Field>
      <div className="form-grid">
        <Field name="price" label={t.trading.priceCny} error={form.errorOf('price')} hint={band ? fmt(t.block.bandHint, { low: band.low, high: band.high, base: base ?? t.common.dash }) : t.trading.noBand}>
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('price')} data-testid="block-price" />
        </Field>
        <Field name="quantity" label={t.trading.quantityT} error={form.errorOf('quantity')} hint={fmt(t.block.quantityHint, { min: tonnes(BLOCK_MIN_QUANTITY) })}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid="block-quantity" />
        </Field>
        <Field name="target" label={t.block.counterparty} className="full">
          <div className="seg" role="group" aria-label={t.block.counterparty}>
            {(['directed', 'open'] as const).map((m) => (
              <button key={m} type="button" className={v.target === m ? 'on' : undefined} aria-pressed={v.target === m} onClick={() => form.set('target', m)} data-testid={`block-target-${m}`}>
                {m === 'directed' ? t.block.directed : t.block.openOffer}
              </button>
            ))}
          </div>
        </Field>
        {v.target !== 'open' ? (
          <Field name="counterpartyAccountId" label={t.block.counterpartyAccount} error={form.errorOf('counterpartyAccountId')} hint={t.block.counterpartyHint} className="full">
            <select className="input" {...form.bind('counterpartyAccountId')} data-testid="block-counterparty">
              <option value="">{t.block.chooseCounterparty}</option>
              {counterparties.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {(lang === 'zh' && c.nameZh) || c.name} · {c.number} · ID {c.id}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <p className="sub-line full">{t.block.openHint}</p>
        )}
      </div>
      {ready ? (
        <dl className="estimate" data-testid="block-estimate">
          {side === 'BUY' ? (
            <>
              <dt>{fmt(t.trading.feeAt, { rate: feePercent(feeRate) })}</dt>
              <dd>{cny(buyCost(price, quantity, feeRate).fee.toFixed(2), lang)}</dd>
              <dt>{t.trading.cashToLock}</dt>
              <dd className="total">{cny(buyCost(price, quantity, feeRate).lock.toFixed(2), lang)}</dd>
            </>
          ) : (
            <>
              <dt>{t.trading.unitsToLock}</dt>
              <dd className="total">
                {tonnes(quantity)} {t.common.tonnes} {symbol}
              </dd>
              <dt>{t.trading.proceedsIfFilled}</dt>
              <dd>{cny(sellProceeds(price, quantity, feeRate).net.toFixed(2), lang)}</dd>
            </>
          )}
        </dl>
      ) : null}
      <div className="btn-row">
        <SubmitButton pending={form.pending} disabled={Boolean(blocked)} testId="block-submit">
          {t.block.submit}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'block-success' : 'block-error'} />
    </form>
  );
}
