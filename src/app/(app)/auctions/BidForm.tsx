'use client';

import Decimal from 'decimal.js';
import { useRef } from 'react';
import { amendBidAction, placeBidAction, withdrawBidAction } from '@/app/actions/auctions';
import { bidGuarantee } from '@/domain/auction/guarantee';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { bidSchema } from '@/schemas/auction';
import type { AuctionView, BidView } from '@/server/auction/auctions';
import { guaranteeRuleOf, guaranteeText } from '@/ui/auction/labels';
import { ActionButton } from '@/ui/forms/ActionButton';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { cny, tonnes } from '@/ui/format';

type BidTerms = Pick<AuctionView, 'id' | 'reservePrice' | 'guaranteePercent' | 'perBidderMax'>;

/** The cash a bid of these terms freezes, or null while price or quantity is not valid. */
function frozenFor(a: BidTerms, price: string, quantity: number): string | null {
  try {
    return bidGuarantee(guaranteeRuleOf(a), price.trim(), quantity);
  } catch {
    return null;
  }
}

/**
 * A sealed bid (or the amendment of one): price and quantity, and as you type the cash it will
 * freeze (the auction's guarantee rule, the same function the service applies) against your
 * available cash. Below the reserve, over the per-bidder maximum or beyond the available cash
 * is shown at once and never sent.
 */
export function BidForm({
  auction, cashAvailable, otherActive, bid, prefix = 'bid', onDone,
}: { auction: BidTerms; cashAvailable: string | null; otherActive: number; bid?: BidView; prefix?: string; onDone?: () => void }) {
  const { t, lang } = useI18n();
  const p = t.auctions;
  const available = new Decimal(cashAvailable ?? '0');
  const already = new Decimal(bid?.guarantee ?? '0');
  const form = useActionForm({
    initial: { price: bid?.price ?? '', quantity: bid ? String(bid.quantity) : '' },
    validate: (v) => {
      const quantity = toInt(v.quantity);
      const errors = zodFieldErrors(bidSchema, { price: v.price, quantity }, lang);
      if (!errors.price && auction.reservePrice && new Decimal(v.price.trim()).lt(auction.reservePrice)) errors.price = fmt(p.belowReserve, { price: cny(auction.reservePrice, lang) });
      if (!errors.quantity && auction.perBidderMax !== null && otherActive + quantity > auction.perBidderMax) {
        errors.quantity = fmt(p.overMax, { n: tonnes(Math.max(0, auction.perBidderMax - otherActive)) });
      }
      const frozen = errors.price || errors.quantity ? null : frozenFor(auction, v.price, quantity);
      if (frozen && new Decimal(frozen).minus(already).gt(available)) errors.quantity = fmt(p.cashShort, { need: cny(frozen, lang), have: cny(available.plus(already).toFixed(2), lang) });
      return errors;
    },
    submit: (v) =>
      bid
        ? amendBidAction({ auctionId: auction.id, bidId: bid.id, price: v.price.trim(), quantity: toInt(v.quantity) })
        : placeBidAction({ auctionId: auction.id, price: v.price.trim(), quantity: toInt(v.quantity) }),
    onSuccess: (_r, v) => {
      onDone?.();
      return bid ? v : { price: v.price, quantity: '' };
    },
  });

  const quantity = toInt(form.values.quantity);
  const validPrice = !zodFieldErrors(bidSchema.shape.price, form.values.price, lang)._;
  const frozen = validPrice && Number.isFinite(quantity) && quantity > 0 ? frozenFor(auction, form.values.price, quantity) : null;
  const after = frozen ? available.plus(already).minus(frozen) : null;
  const left = auction.perBidderMax === null ? null : Math.max(0, auction.perBidderMax - otherActive);

  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid={`${prefix}-form`}>
      <div className="form-grid">
        <Field name="price" label={p.bidPrice} error={form.errorOf('price')} hint={auction.reservePrice ? `${p.termReserve}: ${cny(auction.reservePrice, lang)}` : undefined}>
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('price')} data-testid={`${prefix}-price`} />
        </Field>
        <Field name="quantity" label={p.bidQuantity} error={form.errorOf('quantity')} hint={left !== null ? fmt(p.maxLeft, { max: tonnes(auction.perBidderMax!), n: tonnes(left) }) : undefined}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid={`${prefix}-quantity`} />
        </Field>
      </div>
      <dl className="estimate" data-testid={`${prefix}-estimate`}>
        <dt>{p.frozen}</dt>
        <dd className="total" data-testid={`${prefix}-frozen`}>
          {frozen ? cny(frozen, lang) : t.common.dash}
        </dd>
        <dt />
        <dd className="faint">{fmt(p.frozenRule, { rule: guaranteeText(auction, t) })}</dd>
        {bid ? (
          <>
            <dt>{p.frozenNow}</dt>
            <dd>{cny(already.toFixed(2), lang)}</dd>
          </>
        ) : null}
        <dt>{p.availableNow}</dt>
        <dd data-testid={`${prefix}-available`}>{cny(available.toFixed(2), lang)}</dd>
        <dt>{p.availableAfter}</dt>
        <dd className={after?.isNegative() ? 'neg' : undefined} data-testid={`${prefix}-after`}>
          {after ? cny(after.toFixed(2), lang) : t.common.dash}
        </dd>
      </dl>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId={`${prefix}-submit`}>
          {bid ? p.amendSubmit : p.bidSubmit}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? `${prefix}-success` : `${prefix}-error`} />
    </form>
  );
}

/** Amend (a dialog with the bid form) and withdraw (after a confirmation) one of the caller's active bids. */
export function BidActions({ auction, bid, cashAvailable, otherActive }: { auction: BidTerms; bid: BidView; cashAvailable: string | null; otherActive: number }) {
  const { t, lang } = useI18n();
  const p = t.auctions;
  const ref = useRef<HTMLDialogElement>(null);
  return (
    <div className="auction-actions">
      <button type="button" className="btn sm" onClick={() => ref.current?.showModal()} data-testid={`my-bid-amend-${bid.id}`}>
        {p.amend}
      </button>
      <ActionButton
        label={p.withdraw}
        tone="danger"
        run={() => withdrawBidAction({ auctionId: auction.id, bidId: bid.id })}
        confirm={{ title: fmt(p.withdrawTitle, { id: bid.id }), body: <p>{fmt(p.withdrawBody, { frozen: cny(bid.guarantee, lang) })}</p> }}
        testId={`my-bid-withdraw-${bid.id}`}
      />
      <dialog ref={ref} className="dialog" aria-labelledby={`amend-${bid.id}-title`}>
        <div className="dialog-head">
          <h2 id={`amend-${bid.id}-title`}>{fmt(p.amendTitle, { id: bid.id })}</h2>
        </div>
        <div className="dialog-body">
          <p className="sub-line">{p.amendHint}</p>
          <BidForm auction={auction} cashAvailable={cashAvailable} otherActive={otherActive} bid={bid} prefix={`amend-${bid.id}`} onDone={() => ref.current?.close()} />
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            {t.common.close}
          </button>
        </div>
      </dialog>
    </div>
  );
}
