import { noteOrText } from '@/i18n/notes';
import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { movementTypes } from '@/schemas/registry';
import { DomainError } from '@/server/errors';
import { can } from '@/domain/identity/permissions';
import { shellContext } from '@/server/identity/session';
import { marketDate } from '@/server/compliance/cycle';
import { apiHref, csvHref } from '@/server/http/links';
import { getHoldings, listMovements } from '@/server/registry/queries';
import { Alert } from '@/ui/Alert';
import { Badge, type Tone } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { CursorPager } from '@/ui/CursorPager';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { asset, dateTime, signedTonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccount, NotFoundState } from '@/ui/states';
import { movementFilterQuery } from './filterQuery';
import { StatementForm } from './StatementForm';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.movements.title };
}

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

const TYPE_TONE: Partial<Record<string, Tone>> = {
  ALLOCATION: 'green', TRADE_SETTLEMENT: 'blue', NON_TRADE_TRANSFER: 'blue', FREEZE: 'red', UNFREEZE: 'gray', PLEDGE: 'amber',
  PLEDGE_RELEASE: 'gray', SURRENDER: 'gray', VOLUNTARY_CANCELLATION: 'gray', DEDUCTION: 'red', LOCK: 'amber', UNLOCK: 'gray',
};

export default guardedPage('holdings.read', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<SP> }) => {
  const sp = await searchParams;
  const params = {
    type: one(sp.type), instrument: one(sp.instrument), vintage: one(sp.vintage), from: one(sp.from), to: one(sp.to),
    limit: one(sp.limit), cursor: one(sp.cursor), trail: one(sp.trail), account: one(sp.account),
  };

  // Holders see their own account; operators and regulators may open any account in their scope (?account=ID).
  const own = (await shellContext(actor)).account;
  const accountId = params.account && /^\d{1,9}$/.test(params.account) ? Number(params.account) : own?.id;
  if (accountId === undefined) return can(actor.roles, 'holdings.hold') ? <NoAccount /> : <NotFoundState />;

  const { query, problems } = movementFilterQuery(params, t);

  let data: Awaited<ReturnType<typeof listMovements>>;
  let holdings: Awaited<ReturnType<typeof getHoldings>>;
  let today: string;
  try {
    [data, holdings, today] = await Promise.all([listMovements(actor, accountId, query), getHoldings(actor, accountId), marketDate()]);
  } catch (e) {
    if (e instanceof DomainError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) return <NotFoundState />;
    throw e;
  }

  const typeLabel = (type: string) => t.movementTypes[type as keyof typeof t.movementTypes] ?? type;
  const rows: Row[] = data.items.map((m) => {
    const others = (['locked', 'pledged', 'frozen'] as const).filter((b) => m[b] !== 0);
    return {
      id: `${m.entryId}-${m.instrument}-${m.vintage}`,
      testId: `movement-${m.entryId}`,
      cells: {
        date: <span className="nowrap">{dateTime(m.createdAt)}</span>,
        type: (
          <Badge tone={TYPE_TONE[m.type] ?? 'gray'} plain testId="movement-type">
            {typeLabel(m.type)}
          </Badge>
        ),
        asset: <span className="mono">{asset(m.instrument, m.vintage)}</span>,
        available: (
          <span className={m.available > 0 ? 'pos' : m.available < 0 ? 'neg' : 'faint'} data-testid="movement-available">
            {signedTonnes(m.available)}
          </span>
        ),
        other: others.length ? (
          <div className="cell-stack">
            {others.map((b) => (
              <span key={b} className="nowrap">
                {t.buckets[b]} <span className={m[b] > 0 ? 'pos' : 'neg'}>{signedTonnes(m[b])}</span>
              </span>
            ))}
          </div>
        ) : null,
        counterparties: m.counterparties.length || m.anonymousCounterparty ? (
          <div className="cell-stack mono nowrap">
            {m.counterparties.map((c) => (
              <span key={c}>{c}</span>
            ))}
            {m.anonymousCounterparty ? <span className="faint" data-testid="movement-anonymous">{t.anonymity.anonymousCounterparty}</span> : null}
          </div>
        ) : null,
        memo:
          m.memo || m.reference || m.legalBasis ? (
            <div className="cell-stack" style={{ maxWidth: 360 }}>
              {m.memo ? <span>{noteOrText(m.memoNote, m.memo, lang)}</span> : null}
              {m.legalBasis ? <span className="sub-line">{noteOrText(m.legalBasisNote, m.legalBasis, lang)}</span> : null}
              {m.reference ? <span className="sub-line mono">{m.reference}</span> : null}
            </div>
          ) : null,
      },
      sort: { date: m.createdAt, type: typeLabel(m.type), asset: asset(m.instrument, m.vintage), available: m.available },
    };
  });

  const filtered = Boolean(params.type || params.instrument || params.vintage || params.from || params.to);
  const vintages = [...new Set([...holdings.items.map((h) => h.vintage), ...(query.vintage ? [query.vintage] : [])])].sort();
  const keep = { ...params, limit: params.limit };
  const filters = { type: query.type, instrument: query.instrument, vintage: query.vintage, from: query.from, to: query.to };

  return (
    <>
      <PageHeader
        title={t.movements.title}
        subtitle={accountId === own?.id ? t.movements.subtitle : fmt(t.movements.subtitleFor, { account: `${holdings.number} · ${holdings.name}` })}
      />
      {problems.length ? (
        <div className="mb">
          <Alert kind="warn" testId="movement-filter-problems">{problems.join(' · ')}</Alert>
        </div>
      ) : null}
      <Card title={t.movements.filters}>
        <form method="get" className="filters" data-testid="movement-filters">
          {params.account ? <input type="hidden" name="account" value={params.account} /> : null}
          <div className="field">
            <label htmlFor="mf-type">{t.movements.type}</label>
            <select id="mf-type" name="type" className="input" defaultValue={query.type ?? ''} data-testid="filter-type">
              <option value="">{t.movements.anyType}</option>
              {movementTypes.filter((m) => !m.startsWith('CASH_')).map((m) => (
                <option key={m} value={m}>
                  {typeLabel(m)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="mf-instrument">{t.common.instrument}</label>
            <select id="mf-instrument" name="instrument" className="input" defaultValue={query.instrument ?? ''}>
              <option value="">{t.movements.anyInstrument}</option>
              <option value="CEA">CEA</option>
              <option value="CCER">CCER</option>
            </select>
          </div>
          <div className="field" style={{ width: 130 }}>
            <label htmlFor="mf-vintage">{t.movements.vintage}</label>
            <select id="mf-vintage" name="vintage" className="input" defaultValue={query.vintage ? String(query.vintage) : ''}>
              <option value="">{t.movements.anyVintage}</option>
              {vintages.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div className="field" style={{ width: 160 }}>
            <label htmlFor="mf-from">{t.movements.from}</label>
            <input id="mf-from" type="date" name="from" className="input" defaultValue={query.from ?? ''} />
          </div>
          <div className="field" style={{ width: 160 }}>
            <label htmlFor="mf-to">{t.movements.to}</label>
            <input id="mf-to" type="date" name="to" className="input" defaultValue={query.to ?? ''} />
          </div>
          <div className="field" style={{ width: 100 }}>
            <label htmlFor="mf-limit">{t.movements.pageSize}</label>
            <select id="mf-limit" name="limit" className="input" defaultValue={String(query.limit)}>
              {[10, 25, 50, 100].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="btn-row">
            <button type="submit" className="btn primary" data-testid="filter-apply">
              {t.movements.apply}
            </button>
            <Link className="btn ghost" href={params.account ? `/movements?account=${params.account}` : '/movements'}>
              {t.movements.clear}
            </Link>
          </div>
        </form>
      </Card>
      <Card flush testId="movements-card">
        <DataTable
          testId="movements-table"
          paginate={false}
          csvHref={csvHref('movements', { id: accountId }, filters, lang)}
          columns={[
            { id: 'date', header: t.movements.colDate },
            { id: 'type', header: t.movements.colType },
            { id: 'asset', header: t.movements.colAsset },
            { id: 'available', header: t.movements.colAvailable, align: 'right' },
            { id: 'other', header: t.movements.colOther, sortable: false },
            { id: 'counterparties', header: t.movements.colCounterparties, sortable: false },
            { id: 'memo', header: t.movements.colMemo, sortable: false },
          ]}
          rows={rows}
          empty={<EmptyState title={filtered ? t.movements.emptyFiltered : t.movements.empty} hint={filtered ? undefined : t.movements.emptyHint} />}
        />
        {params.cursor || data.nextCursor ? (
          <CursorPager basePath="/movements" params={keep} nextCursor={data.nextCursor} labels={{ previous: t.common.previous, next: t.common.next, newest: t.common.newest }} testId="movements-pager" />
        ) : null}
      </Card>
      <Card title={t.exports.statement.formTitle} subtitle={t.exports.statement.formHint} testId="statement-card">
        <StatementForm action={apiHref('statement', { id: accountId })} lang={lang} defaults={{ from: `${today.slice(0, 8)}01`, to: today }} />
      </Card>
    </>
  );
});
