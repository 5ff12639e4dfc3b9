import type { Metadata } from 'next';
import Link from 'next/link';
import { getI18n } from '@/i18n/server';
import { userNames } from '@/server/identity/session';
import { listAudit } from '@/server/registry/queries';
import { Card } from '@/ui/Card';
import { CursorPager } from '@/ui/CursorPager';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateTimeSeconds, shortHash } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { Person, personLabel } from '@/ui/Person';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.audit.title };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details className="json">
      <summary>{label}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export default guardedPage('audit.read', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const sp = await searchParams;
  const cursorRaw = one(sp.cursor);
  const cursor = cursorRaw && /^\d{1,18}$/.test(cursorRaw) ? cursorRaw : undefined;
  const action = one(sp.action)?.trim().slice(0, 100);
  const limitRaw = Number(one(sp.limit) ?? 50);
  const limit = [25, 50, 100].includes(limitRaw) ? limitRaw : 50;

  const page = await listAudit(actor, { cursor, limit, action });
  const names = await userNames(page.items.map((r) => r.actorUserId));

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
            <Json label={t.audit.before} value={r.before} />
            <Json label={t.audit.after} value={r.after} />
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
            {action ? (
              <Link className="btn ghost" href="/audit">
                {t.movements.clear}
              </Link>
            ) : null}
          </form>
        }
      >
        <DataTable
          testId="audit-table"
          csvHref={csvHref('audit', {}, { action }, lang)}
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
          empty={<EmptyState title={action ? t.audit.emptyFiltered : t.audit.empty} />}
        />
        {cursor || page.nextCursor ? (
          <CursorPager
            basePath="/audit"
            params={{ action, limit: one(sp.limit), cursor, trail: one(sp.trail) }}
            nextCursor={page.nextCursor}
            labels={{ previous: t.common.previous, next: t.common.next, newest: t.common.newest }}
            testId="audit-pager"
          />
        ) : null}
      </Card>
    </>
  );
});
