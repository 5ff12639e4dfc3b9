'use client';

import { amendListingAction, cancelListingAction } from '@/app/actions/trading';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { amendListingSchema } from '@/schemas/trading';
import { ActionButton } from '@/ui/forms/ActionButton';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';
import { toInt } from '@/ui/forms/validate';
import { amount, tonnes } from '@/ui/format';

/** Amend an open listing's quantity down, or cancel it (its lock is released). */
export function ListingActions({ id, symbol, side, price, remaining }: { id: string; symbol: string; side: 'BUY' | 'SELL'; price: string; remaining: number }) {
  const { t } = useI18n();
  const what = fmt(t.trading.listingWhat, { id, side: t.side[side], n: tonnes(remaining), symbol, price: amount(price) });
  return (
    <div className="btn-row">
      <ReasonDialog
        trigger={t.trading.amend}
        title={fmt(t.trading.amendTitle, { id })}
        body={<p className="muted">{what}</p>}
        label={t.trading.newQuantity}
        hint={fmt(t.trading.amendHint, { n: tonnes(remaining) })}
        schema={amendListingSchema}
        field="quantity"
        single={{ inputMode: 'numeric' }}
        parse={toInt}
        check={(text) => (toInt(text) >= remaining ? fmt(t.trading.amendDown, { n: tonnes(remaining) }) : undefined)}
        confirmLabel={t.trading.amend}
        run={(text) => amendListingAction({ listingId: id, quantity: toInt(text) })}
        testId={`listing-amend-${id}`}
      />
      <ActionButton
        label={t.trading.cancelListing}
        tone="danger"
        confirm={{ title: fmt(t.trading.cancelTitle, { id }), body: <p className="muted">{what}</p> }}
        run={() => cancelListingAction({ listingId: id })}
        testId={`listing-cancel-${id}`}
      />
    </div>
  );
}
