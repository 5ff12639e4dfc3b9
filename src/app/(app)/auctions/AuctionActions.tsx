'use client';

import Link from 'next/link';
import { cancelAuctionAction, closeAuctionAction, openAuctionAction, scheduleAuctionAction } from '@/app/actions/auctions';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { auctionCancelSchema } from '@/schemas/auction';
import type { AuctionView } from '@/server/auction/auctions';
import { Badge } from '@/ui/Badge';
import { ActionButton } from '@/ui/forms/ActionButton';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';
import { asset, dateTime, tonnes } from '@/ui/format';

/**
 * What may be done with an auction now, as buttons with confirmations: announce (draft; locks the
 * units) and cancel (before bidding opens) for the announcers; open now (announced) and close and
 * settle (after the window; another operator approves) for the exchange operator, or the waiting
 * settlement request. The services decide; this only offers.
 */
export function AuctionActions({
  a, marketTime, announcer, operator, hints, settlementRequest,
}: {
  a: AuctionView; marketTime: string; announcer: boolean; operator: boolean;
  /** Say beside a disabled button why (detail page). */ hints?: boolean;
  /** The four-eyes request of a settlement that waits for its approval, if any. */ settlementRequest?: number | null;
}) {
  const { t } = useI18n();
  const p = t.auctions;
  const id = a.id;
  const buttons = [];
  if (announcer && a.status === 'DRAFT') {
    buttons.push(
      <ActionButton
        key="schedule"
        label={p.schedule}
        tone="primary"
        run={() => scheduleAuctionAction({ auctionId: id })}
        confirm={{ title: fmt(p.scheduleTitle, { id }), body: <p>{fmt(p.scheduleBody, { n: tonnes(a.quantity), asset: asset(a.instrument, a.vintage) })}</p> }}
        testId={`auction-schedule-${id}`}
      />,
    );
  }
  if (operator && a.status === 'SCHEDULED') {
    buttons.push(
      <ActionButton
        key="open"
        label={p.open}
        tone="primary"
        run={() => openAuctionAction({ auctionId: id })}
        confirm={{ title: fmt(p.openTitle, { id }), body: <p>{fmt(p.openBody, { now: marketTime, opensAt: dateTime(a.opensAt), closesAt: dateTime(a.closesAt) })}</p> }}
        testId={`auction-open-${id}`}
      />,
    );
  }
  if (announcer && (a.status === 'DRAFT' || a.status === 'SCHEDULED')) {
    buttons.push(
      <ReasonDialog
        key="cancel"
        trigger={p.cancel}
        title={fmt(p.cancelTitle, { id })}
        label={p.cancelReason}
        hint={p.cancelHint}
        confirmLabel={p.cancelConfirm}
        tone="danger"
        schema={auctionCancelSchema}
        field="reason"
        run={(reason) => cancelAuctionAction({ auctionId: id, reason })}
        testId={`auction-cancel-${id}`}
      />,
    );
  }
  if (settlementRequest) {
    buttons.push(
      <Link key="pending" href="/approvals?view=all" data-testid={`auction-settlement-pending-${id}`}>
        <Badge tone="amber">{fmt(p.settlementPending, { id: settlementRequest })}</Badge>
      </Link>,
    );
  } else if (operator && (a.status === 'CLOSED' || a.status === 'OPEN')) {
    const early = a.status === 'OPEN';
    buttons.push(
      <ActionButton
        key="close"
        label={p.close}
        tone={early ? 'default' : 'danger'}
        disabled={early}
        title={early ? fmt(p.waitForClose, { at: dateTime(a.closesAt) }) : undefined}
        hint={early && hints ? fmt(p.waitForClose, { at: dateTime(a.closesAt) }) : undefined}
        run={() => closeAuctionAction({ auctionId: id })}
        confirm={{ title: fmt(p.closeTitle, { id }), body: <p>{fmt(p.closeBody, { pricing: p.pricing[a.pricing], tie: p.tieRule[a.tieRule] })}</p> }}
        testId={`auction-close-${id}`}
      />,
    );
  }
  if (buttons.length === 0) return null;
  return <div className="auction-actions">{buttons}</div>;
}
