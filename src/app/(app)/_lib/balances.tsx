import type { ReactNode } from 'react';
import type { Dictionary } from '@/i18n';
import { DomainError } from '@/server/errors';
import type { Actor } from '@/server/identity/actor';
import { getCash, type HoldingLine } from '@/server/registry/queries';
import type { Column, Row } from '@/ui/DataTable';
import { asset, tonnes } from '@/ui/format';

/** An account's cash balances, or null where it has no cash account (yet: a pending account has none). */
export function cashOrNull(actor: Actor, accountId: number) {
  return getCash(actor, accountId).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') return null;
    throw e;
  });
}

/** The columns of a holdings table: instrument-vintage, then each bucket and the total. */
export function holdingColumns(t: Dictionary): Column[] {
  return [
    { id: 'asset', header: t.holdings.instrumentVintage },
    { id: 'available', header: t.buckets.available, align: 'right' },
    { id: 'locked', header: t.buckets.locked, align: 'right' },
    { id: 'pledged', header: t.buckets.pledged, align: 'right' },
    { id: 'frozen', header: t.buckets.frozen, align: 'right' },
    { id: 'total', header: t.buckets.total, align: 'right' },
  ];
}

/** A row of a holdings table; `cells` replaces the plain asset, available or total cell. */
export function holdingRow(h: HoldingLine, cells: { asset?: ReactNode; available?: ReactNode; total?: ReactNode } = {}, testId?: string): Row {
  const id = asset(h.instrument, h.vintage);
  return {
    id,
    testId,
    cells: {
      asset: <span className="mono">{id}</span>,
      available: tonnes(h.available), locked: tonnes(h.locked), pledged: tonnes(h.pledged), frozen: tonnes(h.frozen),
      total: <strong>{tonnes(h.total)}</strong>,
      ...cells,
    },
    sort: { asset: id, available: h.available, locked: h.locked, pledged: h.pledged, frozen: h.frozen, total: h.total },
  };
}
