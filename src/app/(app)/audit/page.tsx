import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt, type Dictionary } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { auditQuerySchema } from '@/schemas/api';
import { userNames } from '@/server/identity/session';
import { listAudit } from '@/server/registry/queries';
import { Card } from '@/ui/Card';
import { CursorPager } from '@/ui/CursorPager';
import { apiHref, csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateTimeSeconds, shortHash } from '@/ui/format';
import { groupThousands } from '@/domain/quantity';
import { PageHeader } from '@/ui/PageHeader';
import { Person, personLabel } from '@/ui/Person';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.audit.title };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** A record's before or after, collapsed; a large one (an auction's settlement of thousands of awards) shortened, with a link to the whole. */
const SHOWN_CHARACTERS = 20_000;

function Json({ label, value, whole, t }: { label: string; value: unknown; whole: string; t: Dictionary }) {
  if (value === null || value === undefined) return null;
  const text = JSON.stringify(value, null, 2);
  const shortened = text.length > SHOWN_CHARACTERS;
  return (
    <details className="json">
      <summary>{label}</summary>
      <pre>{shortened ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text}</pre>
      {shortened ? (
        <p className="sub-line">
          {fmt(t.audit.shortened, { shown: groupThousands(String(SHOWN_CHARACTERS)), total: groupThousands(String(text.length)) })}{' '}
          <a href={whole}>{t.audit.wholeRecord}</a>
        </p>
      ) : null}
    </details>
  );
}

export default guardedPage('audit.read', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const sp = await searchParams;
  const cursorRaw = one(sp.cursor);
  const cursor = cursorRaw && /^\d{1,18}$/.test(cursorRaw) ? cursorRaw : undefined;
  const action = one(sp.action)?.trim().slice(0, 100);
  // A day as the API reads it (an invalid one is ignored: a link is only a view).
  const day = (v: string | undefined) => auditQuerySchema.shape.from.safeParse(v).data;
  const from = day(one(sp.from));
  const to = day(one(sp.to));
  const filtered = Boolean(action || from || to);
  const limitRaw = Number(one(sp.limit) ?? 50);
  const limit = [25, 50, 100].includes(limitRaw) ? limitRaw : 50;

  const page = await listAudit(actor, { cursor, limit, action, from, to });
  const names = await userNames(page.items.map((r) => r.actorUserId));

  // One record as JSON: the API's list from just after it, one item long.
  const recordHref = (id: string) => apiHref('audit', {}, { cursor: String(BigInt(id) + 1n), limit: 1 });
  const rows: Row[] = page.items.map((r) => ({
    id: r.id,
    testId: `audit-${r.id}`,
    cells: {
      seq: r.seq === null ? <span className="faint" title={t.audit.unsealedHint}>{t.audit.unsealed}</span> : <span className="mono">{r.seq}</span>,
      time: <span className="nowrap">{dateTimeSeconds(r.at)}</span>,
      actor: r.actorUserId ? <Person p={names.get(r.actorUserId)} lang={lang} fallback={`#${r.actorUserId}`} /> : <span className="faint">{t.audit.system}</span>,
      action: <code>{r.action}</code>,
      target: (
        <span className="mono nowrap">
          {r.targetType} {r.targetId}
        </span>
      ),
      change:
        r.before !== null || r.after !== null ? (
          <div className="cell-stack">
            <Json label={t.audit.before} value={r.before} whole={recordHref(r.id)} t={t} />
            <Json label={t.audit.after} value={r.after} whole={recordHref(r.id)} t={t} />
          </div>
        ) : null,
      hash:
        r.hash === null ? null : (
          <span className="mono faint nowrap" title={`${r.hash}\n← ${r.prevHash}`}>
            {shortHash(r.hash)}
          </span>
        ),
    },
    sort: { seq: Number(r.id), time: r.at, actor: r.actorUserId ? personLabel(names.get(r.actorUserId), lang) : '', action: r.action, target: `${r.targetType} ${r.targetId}` },
  }));

  return (
    <>
      <PageHeader title={t.audit.title} subtitle={t.audit.subtitle} />
      <Card
        flush
        title={t.audit.title}
        actions={
          <form method="get" className="btn-row" data-testid="audit-filter">
            <label className="sr-only" htmlFor="audit-action">
              {t.audit.filterAction}
            </label>
            <input id="audit-action" name="action" className="input" style={{ width: 220 }} placeholder={t.audit.filterPlaceholder} defaultValue={action ?? ''} />
            <label className="sr-only" htmlFor="audit-from">
              {t.audit.filterFrom}
            </label>
            <input id="audit-from" name="from" type="date" className="input" style={{ width: 150 }} defaultValue={from ?? ''} title={t.audit.filterFrom} data-testid="audit-from" />
            <label className="sr-only" htmlFor="audit-to">
              {t.audit.filterTo}
            </label>
            <input id="audit-to" name="to" type="date" className="input" style={{ width: 150 }} defaultValue={to ?? ''} title={t.audit.filterTo} data-testid="audit-to" />
            <select name="limit" className="input" style={{ width: 80 }} defaultValue={String(limit)} aria-label={t.movements.pageSize}>
              {[25, 50, 100].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button type="submit" className="btn">
              {t.common.apply}
            </button>
            {filtered ? (
              <Link className="btn ghost" href="/audit">
                {t.movements.clear}
              </Link>
            ) : null}
          </form>
        }
      >
        <DataTable
          testId="audit-table"
          csvHref={csvHref('audit', {}, { action, from, to }, lang)}
          paginate={false}
          columns={[
            { id: 'seq', header: t.audit.colSeq, align: 'right' },
            { id: 'time', header: t.audit.colTime },
            { id: 'actor', header: t.audit.colActor },
            { id: 'action', header: t.audit.colAction },
            { id: 'target', header: t.audit.colTarget },
            { id: 'change', header: t.audit.colChange, sortable: false },
            { id: 'hash', header: t.audit.colHash, sortable: false },
          ]}
          rows={rows}
          empty={<EmptyState title={filtered ? t.audit.emptyFiltered : t.audit.empty} />}
        />
        {cursor || page.nextCursor ? (
          <CursorPager
            basePath="/audit"
            params={{ action, from, to, limit: one(sp.limit), cursor, trail: one(sp.trail) }}
            nextCursor={page.nextCursor}
            labels={{ previous: t.common.previous, next: t.common.next, newest: t.common.newest }}
            testId="audit-pager"
          />
        ) : null}
      </Card>
    </>
  );
});
