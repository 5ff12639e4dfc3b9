'use client';

import Decimal from 'decimal.js';
import { z } from 'zod';
import { takeAction } from '@/app/actions/trading';
import { priceTimesTonnes } from '@/domain/money';
import { tradeFee } from '@/domain/trading/fees';
import { LISTED_MAX_QUANTITY } from '@/domain/trading/orderSize';
import { oppositeSide, sweep, TAKEABLE_PRICE_LEVELS, type BookListing } from '@/domain/trading/priceTimePriority';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { orderQuantitySchema, takeSchema } from '@/schemas/trading';
import type { TakeResult } from '@/server/trading/takes';
import { Alert } from '@/ui/Alert';
import { EmptyState } from '@/ui/EmptyState';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { amount, cny, dateTime, tonnes } from '@/ui/format';
import { feePercent, meansError, priceOf, type Means } from './orderChecks';
import { SideSwitch } from './SideSwitch';

export interface Takeable {
  id: string;
  price: string;
  remaining: number;
  createdAt: string;
}

const quantityOnly = z.object({ quantity: orderQuantitySchema });

/**
 * The fills a take would get (the domain's sweep over what the page shows): `listings` of the
 * other side, within the best five price levels, up to `limit` (for one picked listing: its price).
 */
function plan(listings: Takeable[], takerSide: 'BUY' | 'SELL', quantity: number, limit: Decimal | null, feeRate: string) {
  const book: BookListing[] = listings.map((l) => ({ id: BigInt(l.id), side: oppositeSide(takerSide), price: new Decimal(l.price), remaining: BigInt(l.remaining), sequence: BigInt(l.id) }));
  const bound = limit ?? new Decimal(listings[0]?.price ?? '0.01');
  const fills = quantity > 0 ? sweep(book, takerSide, bound, BigInt(quantity)) : [];
  const rate = new Decimal(feeRate);
  const value = fills.reduce((s, f) => s.plus(priceTimesTonnes(f.price, f.quantity)), new Decimal(0));
  const fees = fills.reduce((s, f) => s.plus(tradeFee(f.price, f.quantity, rate)), new Decimal(0));
  const filled = fills.reduce((s, f) => s + Number(f.quantity), 0);
  return { fills, filled, value, fees, average: filled > 0 ? value.div(filled).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : null };
}

/** The price level (1-based) of each listing's price, best first (listings come best first). */
function levelsOf(listings: Takeable[]): Map<string, number> {
  const levels = new Map<string, number>();
  for (const l of listings) if (!levels.has(l.price)) levels.set(l.price, levels.size + 1);
  return levels;
}

/**
 * A take (摘牌): pick one listing of the other side within the best five price levels and declare
 * the quantity, or give a side, a limit price and a quantity to sweep the best listings in
 * price-time priority. Shows what it would cost (or bring) before, and the fills after.
 */
export function TakeForm({
  symbol, sells, buys, feeRate, means, blocked,
}: { symbol: string; sells: Takeable[]; buys: Takeable[]; feeRate: string; means: Means; blocked?: string }) {
  const { t, lang } = useI18n();
  const form = useActionForm<Record<string, string>, { take: TakeResult }>({
    initial: { side: 'BUY', mode: 'pick', listingId: '', quantity: '', limitPrice: '' },
    validate: (v) => {
      const side = v.side === 'SELL' ? 'SELL' : 'BUY';
      const quantity = toInt(v.quantity ?? '');
      const list = side === 'BUY' ? sells : buys;
      let errors: Record<string, string>;
      let cash = new Decimal(0);
      let units = quantity;
      if (v.mode === 'pick') {
        errors = zodFieldErrors(quantityOnly, { quantity }, lang);
        const picked = list.find((l) => l.id === v.listingId);
        if (!picked) errors.listingId = t.take.chooseListing;
        else if (!errors.quantity && quantity > picked.remaining) errors.quantity = fmt(t.take.onlyLeft, { n: tonnes(picked.remaining) });
        if (picked && !errors.quantity) {
          const p = plan([picked], side, quantity, null, feeRate);
          cash = p.value.plus(p.fees);
        }
      } else {
        errors = zodFieldErrors(takeSchema, { symbol, side, limitPrice: (v.limitPrice ?? '').trim(), quantity }, lang);
        const limit = errors.limitPrice ? null : priceOf(v.limitPrice ?? '');
        if (limit && !errors.quantity) {
          const p = plan(list, side, quantity, limit, feeRate);
          if (p.filled === 0) errors.limitPrice = t.take.nothingWithin;
          cash = p.value.plus(p.fees);
          units = p.filled;
        }
      }
      if (!errors.quantity && quantity > LISTED_MAX_QUANTITY) errors.quantity = fmt(t.trading.listedMax, { max: tonnes(LISTED_MAX_QUANTITY) });
      if (!errors.quantity && !errors.limitPrice && !errors.listingId && Number.isInteger(units)) {
        const e = meansError(side, cash, units, means, t);
        if (e) errors.quantity = e;
      }
      return errors;
    },
    submit: (v) =>
      takeAction(
        v.mode === 'pick'
          ? { listingId: v.listingId, quantity: toInt(v.quantity ?? '') }
          : { symbol, side: v.side, limitPrice: (v.limitPrice ?? '').trim(), quantity: toInt(v.quantity ?? '') },
      ),
    onSuccess: (_r, v) => ({ ...v, listingId: '', quantity: '' }),
  });

  const v = form.values;
  const side = v.side === 'SELL' ? 'SELL' : 'BUY';
  const list = side === 'BUY' ? sells : buys;
  const levels = levelsOf(list);
  const picked = list.find((l) => l.id === v.listingId);
  const quantity = toInt(v.quantity ?? '');
  const limit = priceOf(v.limitPrice ?? '');
  const preview =
    Number.isInteger(quantity) && quantity > 0
      ? v.mode === 'pick'
        ? picked
          ? plan([picked], side, Math.min(quantity, picked.remaining), null, feeRate)
          : null
        : limit
          ? plan(list, side, quantity, limit, feeRate)
          : null
      : null;
  const result = form.result?.ok ? form.result.take : null;

  const choose = (l: Takeable) => {
    if ((levels.get(l.price) ?? 99) > TAKEABLE_PRICE_LEVELS) return;
    form.set('listingId', l.id);
    const most = Math.min(l.remaining, LISTED_MAX_QUANTITY, side === 'SELL' && means.sellable > 0 ? means.sellable : Number.MAX_SAFE_INTEGER);
    if (!v.quantity) form.set('quantity', String(most), false);
  };

  return (
    <div className="grid grid-main-side" data-testid="take">
      <div>
        <div className="btn-row" style={{ justifyContent: 'space-between', marginBottom: 10 }}>
          <SideSwitch
            value={side}
            onChange={(s) => {
              form.set('side', s);
              form.set('listingId', '', false);
            }}
            labels={t.take.iWant}
            testId="take-side"
          />
          <span className="sub-line">{side === 'BUY' ? t.take.showingSells : t.take.showingBuys}</span>
        </div>
        {list.length === 0 ? (
          <EmptyState title={side === 'BUY' ? t.take.noSells : t.take.noBuys} hint={t.take.noListingsHint} testId="take-empty" />
        ) : (
          <div className="table-wrap" style={{ maxHeight: 360, overflowY: 'auto', border: '1px solid var(--border)', borderRadius: 6 }}>
            <table className="table" data-testid="takeable-table">
              <thead>
                <tr>
                  <th />
                  <th>{t.take.level}</th>
                  <th className="num">{t.market.price}</th>
                  <th className="num">{t.take.remaining}</th>
                  <th>{t.take.listedAt}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((l) => {
                  const level = levels.get(l.price) ?? 99;
                  const takeable = level <= TAKEABLE_PRICE_LEVELS;
                  const selected = v.mode === 'pick' && l.id === v.listingId;
                  return (
                    <tr
                      key={l.id}
                      className={selected ? 'selected' : takeable ? undefined : 'unavailable'}
                      onClick={() => {
                        form.set('mode', 'pick', false);
                        choose(l);
                      }}
                      style={{ cursor: takeable ? 'pointer' : 'not-allowed' }}
                      data-testid={`takeable-${l.id}`}
                    >
                      <td>
                        <input
                          type="radio"
                          name="listingId"
                          aria-label={fmt(t.take.pick, { id: l.id })}
                          checked={selected}
                          disabled={!takeable}
                          onChange={() => {
                            form.set('mode', 'pick', false);
                            choose(l);
                          }}
                        />
                      </td>
                      <td className="faint">{takeable ? fmt(side === 'BUY' ? t.market.askLevel : t.market.bidLevel, { n: level }) : t.take.beyondFive}</td>
                      <td className={`num ${side === 'BUY' ? 'px-down' : 'px-up'}`}>{amount(l.price)}</td>
                      <td className="num">{tonnes(l.remaining)}</td>
                      <td className="nowrap sub-line">{dateTime(l.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p className="sub-line" style={{ marginTop: 8 }}>
          {t.take.anonymous}
        </p>
      </div>

      <form className="form" noValidate onSubmit={form.onSubmit} data-testid="take-form">
        {blocked ? <Alert kind="info">{blocked}</Alert> : null}
        <Field name="mode" label={t.take.how}>
          <div className="seg" role="group" aria-label={t.take.how}>
            {(['pick', 'sweep'] as const).map((m) => (
              <button key={m} type="button" className={v.mode === m ? 'on' : undefined} aria-pressed={v.mode === m} onClick={() => form.set('mode', m)} data-testid={`take-mode-${m}`}>
                {m === 'pick' ? t.take.modePick : t.take.modeSweep}
              </button>
            ))}
          </div>
        </Field>
        {v.mode === 'pick' ? (
          <Field name="listingId" label={t.take.listing} error={form.errorOf('listingId')} hint={picked ? fmt(t.take.pickedHint, { id: picked.id, price: amount(picked.price), n: tonnes(picked.remaining) }) : t.take.pickHint}>
            <input className="input" readOnly value={picked ? `#${picked.id} · ${amount(picked.price)} · ${tonnes(picked.remaining)} ${t.common.tonnes}` : ''} placeholder={t.take.pickPlaceholder} data-testid="take-listing" aria-invalid={form.errorOf('listingId') ? true : undefined} />
          </Field>
        ) : (
          <Field name="limitPrice" label={side === 'BUY' ? t.take.limitBuy : t.take.limitSell} error={form.errorOf('limitPrice')} hint={t.take.limitHint}>
            <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('limitPrice')} data-testid="take-limit" />
          </Field>
        )}
        <Field name="quantity" label={t.trading.quantityT} error={form.errorOf('quantity')} hint={side === 'SELL' ? fmt(t.trading.sellableHint, { n: tonnes(means.sellable) }) : fmt(t.trading.listedRange, { max: tonnes(LISTED_MAX_QUANTITY) })}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid="take-quantity" />
        </Field>
        {preview && preview.filled > 0 ? (
          <dl className="estimate" data-testid="take-estimate">
            <dt>{t.take.expectedFill}</dt>
            <dd>
              {tonnes(preview.filled)} {t.common.tonnes} · {fmt(t.take.fillsCount, { n: preview.fills.length })}
            </dd>
            <dt>{t.take.avgPrice}</dt>
            <dd>{preview.average ? cny(preview.average.toFixed(2), lang) : t.common.dash}</dd>
            <dt>{t.trading.value}</dt>
            <dd>{cny(preview.value.toFixed(2), lang)}</dd>
            <dt>{fmt(t.trading.feeAt, { rate: feePercent(feeRate) })}</dt>
            <dd>{cny(preview.fees.toFixed(2), lang)}</dd>
            <dt>{side === 'BUY' ? t.take.toPay : t.take.toReceive}</dt>
            <dd className="total">{cny((side === 'BUY' ? preview.value.plus(preview.fees) : preview.value.minus(preview.fees)).toFixed(2), lang)}</dd>
          </dl>
        ) : null}
        <div className="btn-row">
          <SubmitButton pending={form.pending} disabled={Boolean(blocked)} testId="take-submit">
            {side === 'BUY' ? t.take.submitBuy : t.take.submitSell}
          </SubmitButton>
        </div>
        <FormResult result={form.result} testId={form.result?.ok ? 'take-success' : 'take-error'} />
        {result ? <TakeResultView r={result} /> : null}
      </form>
    </div>
  );
}

/** What a take did: filled of requested, average price, amount and fees, and each fill. */
function TakeResultView({ r }: { r: TakeResult }) {
  const { t, lang } = useI18n();
  return (
    <div data-testid="take-result">
      <dl className="estimate">
        <dt>{t.take.filled}</dt>
        <dd className="total" data-testid="take-result-filled">
          {fmt(t.take.filledOf, { filled: tonnes(r.filled), requested: tonnes(r.requested) })}
        </dd>
        <dt>{t.take.avgPrice}</dt>
        <dd data-testid="take-result-average">{cny(r.averagePrice, lang)}</dd>
        <dt>{t.trading.value}</dt>
        <dd>{cny(r.amount, lang)}</dd>
        <dt>{t.take.fees}</dt>
        <dd>{cny(r.fees, lang)}</dd>
      </dl>
      <table className="table" style={{ marginTop: 8 }}>
        <thead>
          <tr>
            <th>{t.take.trade}</th>
            <th>{t.take.listing}</th>
            <th className="num">{t.market.price}</th>
            <th className="num">{t.trading.quantityT}</th>
            <th className="num">{t.take.fee}</th>
          </tr>
        </thead>
        <tbody>
          {r.trades.map((f) => (
            <tr key={f.id}>
              <td className="mono">#{f.id}</td>
              <td className="mono">#{f.listingId}</td>
              <td className="num">{amount(f.price)}</td>
              <td className="num">{tonnes(f.quantity)}</td>
              <td className="num">{amount(f.fee)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
