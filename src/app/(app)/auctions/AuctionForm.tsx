'use client';

import Decimal from 'decimal.js';
import Link from 'next/link';
import { createAuctionAction } from '@/app/actions/auctions';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { auctionCreateSchema } from '@/schemas/auction';
import type { SystemHoldingLine } from '@/server/auction/screens';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { asset, tonnes } from '@/ui/format';

type Values = {
  title: string; titleZh: string; instrument: string; vintage: string; quantity: string; reserveMode: string; reservePrice: string; opensAt: string; closesAt: string;
  eligibility: string; perBidderMax: string; guaranteeMode: string; guaranteePercent: string; pricing: string; tieRule: string;
};

/** A datetime-local value ("2026-11-23T09:30") read as Beijing time → ISO with offset. */
const toIso = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}+08:00` : '');
/** "10" (%) → "0.1000"; null when it is not a share with at most two decimals in (0, 100]. */
function fraction(percent: string): string | null {
  const s = percent.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const d = new Decimal(s);
  return d.gt(0) && d.lte(100) ? d.div(100).toFixed(4) : null;
}

/** The command the form sends (what the shared schema validates). */
function commandOf(v: Values) {
  return {
    title: v.title,
    titleZh: v.titleZh.trim() === '' ? undefined : v.titleZh,
    instrument: v.instrument,
    vintage: Number(v.vintage),
    quantity: toInt(v.quantity),
    reservePrice: v.reserveMode === 'none' ? null : v.reservePrice.trim(),
    opensAt: toIso(v.opensAt),
    closesAt: toIso(v.closesAt),
    eligibility: v.eligibility,
    perBidderMax: v.perBidderMax.trim() === '' ? null : toInt(v.perBidderMax),
    guaranteePercent: v.guaranteeMode === 'FULL' ? null : (fraction(v.guaranteePercent) ?? 'invalid'),
    pricing: v.pricing,
    tieRule: v.tieRule,
  };
}

/**
 * The announcers' form (national regulator, exchange operator): title, instrument and vintage
 * (with what the auction account holds of it), quantity, reserve price or none, the bidding window
 * in market time (Beijing), eligibility, per-bidder maximum, guarantee (full or a share), pricing
 * and tie rules — validated as typed. It saves a draft; announcing it locks the units.
 */
export function AuctionForm({ holdings, marketTime, nextTradingDay }: { holdings: SystemHoldingLine[]; marketTime: string; nextTradingDay: string }) {
  const { t, lang } = useI18n();
  const p = t.auctions;
  const year = Number(marketTime.slice(0, 4));
  const newest = holdings.filter((h) => h.instrument === 'CEA' && h.available > 0).at(-1)?.vintage ?? year;
  const form = useActionForm<Values, { auctionId: number }>({
    initial: {
      title: '', titleZh: '', instrument: 'CEA', vintage: String(newest), quantity: '', reserveMode: 'price', reservePrice: '', opensAt: `${nextTradingDay}T09:30`, closesAt: `${nextTradingDay}T15:00`,
      eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: '', guaranteeMode: 'FULL', guaranteePercent: '10', pricing: 'UNIFORM', tieRule: 'PRO_RATA',
    },
    validate: (v) => {
      const errors = zodFieldErrors(auctionCreateSchema, commandOf(v), lang);
      if (v.title.trim() === '') errors.title = p.v.titleRequired;
      if (!v.opensAt) errors.opensAt = p.v.chooseTime;
      if (!v.closesAt) errors.closesAt = p.v.chooseTime;
      else if (v.opensAt && v.closesAt <= v.opensAt) errors.closesAt = p.v.windowOrder;
      else if (v.closesAt.replace('T', ' ') <= marketTime) errors.closesAt = fmt(p.v.closesPast, { now: marketTime });
      if (v.guaranteeMode === 'PERCENT' && fraction(v.guaranteePercent) === null) errors.guaranteePercent = p.v.percent;
      if (!errors.perBidderMax && v.perBidderMax.trim() !== '' && !errors.quantity && toInt(v.perBidderMax) > toInt(v.quantity)) errors.perBidderMax = p.v.perBidderMax;
      return errors;
    },
    submit: (v) => createAuctionAction(commandOf(v)),
    onSuccess: (_r, v) => ({ ...v, title: '', titleZh: '', quantity: '' }),
  });
  const v = form.values;

  const vintages = [...new Set([...holdings.filter((h) => h.instrument === v.instrument).map((h) => h.vintage), year - 1, year])].sort((a, b) => b - a);
  const line = holdings.find((h) => h.instrument === v.instrument && h.vintage === Number(v.vintage));
  const quantity = toInt(v.quantity);
  const held = line
    ? fmt(p.accountHolds, { n: tonnes(line.available), asset: asset(v.instrument, Number(v.vintage)), locked: line.locked > 0 ? fmt(p.accountHoldsLocked, { locked: tonnes(line.locked) }) : '' })
    : fmt(p.accountHoldsNone, { asset: asset(v.instrument, Number(v.vintage)) });
  const short = Number.isFinite(quantity) && quantity > (line?.available ?? 0);
  const created = form.result?.ok ? form.result.auctionId : null;

  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="auction-form">
      <div className="form-grid">
        <Field name="title" label={p.fTitle} error={form.errorOf('title')} className="full">
          <input className="input" placeholder={p.fTitlePlaceholder} autoComplete="off" {...form.bind('title')} data-testid="auction-title" />
        </Field>
        <Field name="titleZh" label={p.fTitleZh} error={form.errorOf('titleZh')} className="full">
          <input className="input" lang="zh" placeholder={p.fTitleZhPlaceholder} autoComplete="off" {...form.bind('titleZh')} data-testid="auction-title-zh" />
        </Field>
        <Field name="instrument" label={p.fInstrument} error={form.errorOf('instrument')}>
          <select className="input" {...form.bind('instrument')} data-testid="auction-instrument">
            {(['CEA', 'CCER'] as const).map((i) => (
              <option key={i} value={i}>
                {`${i} · ${t.instruments[i]}`}
              </option>
            ))}
          </select>
        </Field>
        <Field name="vintage" label={p.fVintage} error={form.errorOf('vintage')}>
          <select className="input" {...form.bind('vintage')} data-testid="auction-vintage">
            {vintages.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </Field>
        <Field name="quantity" label={p.fQuantity} error={form.errorOf('quantity')} className="full">
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid="auction-quantity" />
          {!form.errorOf('quantity') ? (
            <div className={short ? 'warn' : 'hint'} data-testid="auction-account-holds">
              {held} {short && line ? fmt(p.accountShort, { n: tonnes(line.available) }) : null}
            </div>
          ) : null}
        </Field>
        <Field name="reservePrice" label={p.fReserve} error={v.reserveMode === 'price' ? form.errorOf('reservePrice') : undefined}>
          <div className="radio-row">
            <label>
              <input type="radio" name="reserveMode" value="price" checked={v.reserveMode === 'price'} onChange={() => form.set('reserveMode', 'price')} data-testid="auction-reserve-on" />
              {p.reservePrice}
            </label>
            <label>
              <input type="radio" name="reserveMode" value="none" checked={v.reserveMode === 'none'} onChange={() => form.set('reserveMode', 'none')} data-testid="auction-reserve-none" />
              {p.reserveNone}
            </label>
          </div>
          <input
            className="input num"
            inputMode="decimal"
            autoComplete="off"
            placeholder="52.00"
            disabled={v.reserveMode === 'none'}
            aria-label={p.fReservePrice}
            {...form.bind('reservePrice')}
            data-testid="auction-reserve"
          />
        </Field>
        <Field name="eligibility" label={p.fEligibility} error={form.errorOf('eligibility')}>
          <select className="input" {...form.bind('eligibility')} data-testid="auction-eligibility">
            {(['COMPLIANCE_ENTITIES', 'ALL_PARTICIPANTS'] as const).map((e) => (
              <option key={e} value={e}>
                {p.eligibility[e]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="opensAt" label={p.fOpensAt} error={form.errorOf('opensAt')} hint={fmt(p.windowHint, { now: marketTime })}>
          <input type="datetime-local" className="input" {...form.bind('opensAt')} data-testid="auction-opens" />
        </Field>
        <Field name="closesAt" label={p.fClosesAt} error={form.errorOf('closesAt')}>
          <input type="datetime-local" className="input" {...form.bind('closesAt')} data-testid="auction-closes" />
        </Field>
        <Field name="perBidderMax" label={p.fPerBidderMax} optional={t.common.optional} error={form.errorOf('perBidderMax')} hint={p.fPerBidderMaxHint}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('perBidderMax')} data-testid="auction-per-bidder-max" />
        </Field>
        <Field name="guaranteePercent" label={p.fGuarantee} error={v.guaranteeMode === 'PERCENT' ? form.errorOf('guaranteePercent') : undefined} hint={v.guaranteeMode === 'PERCENT' ? p.fGuaranteePercentHint : undefined}>
          <div className="radio-row">
            <label>
              <input type="radio" name="guaranteeMode" value="FULL" checked={v.guaranteeMode === 'FULL'} onChange={() => form.set('guaranteeMode', 'FULL')} data-testid="auction-guarantee-full" />
              {p.guaranteeFull}
            </label>
            <label>
              <input type="radio" name="guaranteeMode" value="PERCENT" checked={v.guaranteeMode === 'PERCENT'} onChange={() => form.set('guaranteeMode', 'PERCENT')} data-testid="auction-guarantee-share" />
              {p.guaranteeShare}
            </label>
          </div>
          {v.guaranteeMode === 'PERCENT' ? (
            <input className="input num" inputMode="decimal" autoComplete="off" aria-label={p.fGuaranteePercent} {...form.bind('guaranteePercent')} data-testid="auction-guarantee-percent" />
          ) : null}
        </Field>
        <Field name="pricing" label={p.fPricing} hint={p.pricingHint[v.pricing as 'UNIFORM']}>
          <select className="input" {...form.bind('pricing')} data-testid="auction-pricing">
            {(['UNIFORM', 'PAY_AS_BID'] as const).map((r) => (
              <option key={r} value={r}>
                {p.pricing[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="tieRule" label={p.fTieRule} hint={p.tieRuleHint[v.tieRule as 'PRO_RATA']}>
          <select className="input" {...form.bind('tieRule')} data-testid="auction-tie-rule">
            {(['PRO_RATA', 'TIME_PRIORITY'] as const).map((r) => (
              <option key={r} value={r}>
                {p.tieRule[r]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="auction-create-submit">
          {p.create}
        </SubmitButton>
        {created ? (
          <Link className="btn" href={`/auctions/${created}`} data-testid="auction-created-link">
            {fmt(p.createdLink, { id: created })}
          </Link>
        ) : null}
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'auction-create-success' : 'auction-create-error'} />
    </form>
  );
}
