import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { can, rolesWith } from '@/domain/identity/permissions';
import { APPROVAL_ACTIONS, FOUR_EYES_RULES, type ApprovalAction } from '@/domain/registry/fourEyes';
import { policyChanges } from '@/domain/compliance/policyChanges';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { APPROVAL_VIEWS, approvalListQuerySchema, type ApprovalView } from '@/schemas/controls';
import { policySettings, type PolicySettings } from '@/server/compliance/policy';
import { csvHref } from '@/server/http/links';
import { accountNumbersOf, listApprovals } from '@/server/registry/approvalRequests';
import { userNames } from '@/server/identity/session';
import { Badge, StatusBadge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { asset, dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { personLabel } from '@/ui/Person';
import { guardedPage } from '../_lib/page';
import { ChangeList } from '../compliance/policy/labels';
import { ApprovalButtons } from './ApprovalButtons';
import { ReversalForm } from './ReversalForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.controls.approvalsTitle };
}

type Payload = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What a request asks for, in the reader's words, from its stored command. */
function details(r: ApprovalView, t: Dictionary, lang: Lang, accounts: Map<number, string>, policyInForce: PolicySettings | null): ReactNode {
  const p = r.payload as Payload;
  const account = accounts.get(Number(p.accountId)) ?? `#${str(p.accountId)}`;
  const action = r.action as ApprovalAction;
  switch (action) {
    case 'account.status':
      return (
        <div className="cell-stack">
          <span>{fmt(t.controls.detailAccount, { account })}</span>
          <span className="sub-line">{fmt(t.controls.detailStatus, { action: t.accountActions[p.action as keyof Dictionary['accountActions']] ?? str(p.action), reason: str(p.reason) })}</span>
        </div>
      );
    case 'freeze':
    case 'pledge':
      return (
        <div className="cell-stack">
          <span>{fmt(t.controls.detailAccount, { account })}</span>
          <span className="sub-line">{fmt(t.controls.detailUnits, { asset: asset(str(p.instrument), Number(p.vintage)), n: tonnes(Number(p.quantity)) })}</span>
        </div>
      );
    case 'unfreeze':
    case 'pledgeRelease':
      return fmt(t.controls.detailRelease, { id: str(p.id), reason: str(p.reason) });
    case 'issuance':
      return fmt(t.controls.detailIssue, { asset: asset(str(p.instrument), Number(p.vintage)), n: tonnes(Number(p.quantity)), basis: str(p.legalBasis) });
    case 'distribution':
      return (
        <div className="cell-stack">
          <span>{str(p.provinceCode)}</span>
          <span className="sub-line">{fmt(t.controls.detailIssue, { asset: asset('CEA', Number(p.vintage)), n: tonnes(Number(p.quantity)), basis: str(p.legalBasis) })}</span>
        </div>
      );
    case 'reversal':
      return fmt(t.controls.detailEntry, { entry: str(p.entryId), reason: str(p.reason) });
    case 'compliance.policy':
      return (
        <div className="cell-stack">
          <span className="sub-line">{t.controls.detailPolicyNow}</span>
          <ChangeList changes={policyChanges(policyInForce, p)} t={t} testId={`approval-${r.id}-changes`} />
        </div>
      );
    case 'compliance.cycle':
      return fmt(t.controls.detailCycle, { year: str(p.year), report: str(p.reportDeadline), surrender: str(p.surrenderDeadline) });
    case 'allocation.plan': {
      const budgets = Array.isArray(p.budgets) ? (p.budgets as { budget: number }[]) : [];
      return fmt(t.controls.detailPlan, { year: str(p.year), cap: tonnes(Number(p.nationalCap)), n: budgets.length, sum: tonnes(budgets.reduce((sum, b) => sum + Number(b.budget), 0)) });
    }
    case 'allocation.distribute':
      return fmt(t.controls.detailDistribute, { year: str(p.year) });
    case 'allocation.rule':
      return (
        <div className="cell-stack">
          <span>{fmt(t.controls.detailRule, { year: str(p.year), code: str(p.code), name: str(lang === 'zh' ? p.nameZh : p.name) })}</span>
          <span className="sub-line">{[p.create === true ? t.controls.detailRuleNew : null, t.allocationRules.methods[p.method as keyof Dictionary['allocationRules']['methods']] ?? str(p.method)].filter(Boolean).join(' · ')}</span>
        </div>
      );
    case 'auction.settlement':
      return <Link href={`/auctions/${str(p.auctionId)}`}>{fmt(t.controls.detailAuction, { id: str(p.auctionId) })}</Link>;
    case 'allocation.run':
      return null;
    case 'trustedAccount.add':
      return (
        <div className="cell-stack">
          <span>{fmt(t.controls.detailAccount, { account })}</span>
          <span className="sub-line">{fmt(t.controls.detailTrusted, { account: str(p.accountNumber) })}</span>
        </div>
      );
  }
}

export default guardedPage('approvals.read', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const sp = await searchParams;
  const parsed = approvalListQuerySchema.safeParse({ view: sp.view, cursor: sp.cursor, limit: 200 });
  const query = parsed.success ? parsed.data : approvalListQuerySchema.parse({ limit: 200 });
  const { items } = await listApprovals(actor, query);
  const people = await userNames(items.flatMap((r) => [r.requestedBy.id, r.decidedBy?.id ?? null]));
  const accounts = await accountNumbersOf(items);
  // A policy change is shown as what it would change in the policy in force.
  const policyInForce = items.some((r) => r.action === 'compliance.policy' && r.status === 'PENDING') && can(actor.roles, 'compliance.oversee') ? await policySettings(actor) : null;

  const rows: Row[] = items.map((r) => ({
    id: String(r.id),
    testId: `approval-${r.id}`,
    cells: {
      id: <span className="mono">#{r.id}</span>,
      action: <Badge tone="blue" plain>{t.controls.actions[r.action]}</Badge>,
      details: details(r, t, lang, accounts, policyInForce),
      requested: (
        <div className="cell-stack">
          <span className="nowrap">{dateTime(r.createdAt)}</span>
          <span className="sub-line">{personLabel(people.get(r.requestedBy.id), lang)}</span>
        </div>
      ),
      expires: <span className="nowrap">{dateTime(r.expiresAt)}</span>,
      status: <StatusBadge status={r.status} label={t.controls.approvalStatus[r.status]} testId={`approval-status-${r.id}`} />,
      decision: r.decidedBy ? (
        <div className="cell-stack" style={{ maxWidth: 240 }}>
          <span>{r.decisionNote}</span>
          <span className="sub-line">{r.decidedAt ? dateTime(r.decidedAt) : ''} · {personLabel(people.get(r.decidedBy.id), lang)}</span>
        </div>
      ) : r.mayDecide ? (
        <ApprovalButtons approvalId={r.id} />
      ) : r.status === 'PENDING' ? (
        <span className="sub-line">{r.requestedBy.id === actor.userId ? t.controls.yours : t.controls.notYours}</span>
      ) : null,
    },
    sort: { id: r.id, action: t.controls.actions[r.action], requested: r.createdAt, expires: r.expiresAt, status: r.status },
  }));

  const roleOf = (action: ApprovalAction) => {
    const rule = FOUR_EYES_RULES[action];
    if (rule.sameOrganisation) return t.controls.sameOrganisation;
    if ('seniorRole' in rule) return fmt(t.controls.seniorOnly, { role: t.roles[rule.seniorRole] });
    return fmt(t.controls.anotherPerson, { roles: rolesWith(rule.approverPermission).map((r) => t.roles[r]).join(t.controls.roleSeparator) });
  };
  const ruleRows: Row[] = APPROVAL_ACTIONS.map((a) => ({
    id: a,
    cells: { action: t.controls.actions[a], approver: roleOf(a), expiry: fmt(t.controls.hours, { n: FOUR_EYES_RULES[a].expiresAfterHours }) },
    sort: { action: t.controls.actions[a] },
  }));

  const empty = query.view === 'tasks' ? <EmptyState title={t.controls.emptyTasks} hint={t.controls.emptyTasksHint} icon="✓" /> : <EmptyState title={query.view === 'mine' ? t.controls.emptyMine : t.controls.emptyAll} />;
  const tabLabel = { tasks: t.controls.tabTasks, mine: t.controls.tabMine, all: t.controls.tabAll } as const;
  return (
    <>
      <PageHeader title={t.controls.approvalsTitle} subtitle={t.controls.approvalsSubtitle} />
      <nav className="page-tabs" aria-label={t.controls.approvalsTitle} data-testid="approval-tabs">
        {APPROVAL_VIEWS.map((v) => (
          <Link key={v} href={`/approvals?view=${v}`} aria-current={v === query.view ? 'page' : undefined} data-testid={`tab-${v}`}>
            {tabLabel[v]}
          </Link>
        ))}
      </nav>
      <div className="stack">
        <Card title={`${tabLabel[query.view]} (${items.length})`} flush testId="approvals">
          <DataTable
            testId="approvals-table"
            csvHref={csvHref('approvals', {}, { view: query.view }, lang)}
            initialSort={{ id: 'id', dir: 'desc' }}
            columns={[
              { id: 'id', header: t.controls.colRequest },
              { id: 'action', header: t.controls.colAction },
              { id: 'details', header: t.controls.colDetails, sortable: false },
              { id: 'requested', header: t.controls.colRequestedBy },
              { id: 'expires', header: t.controls.colExpires },
              { id: 'status', header: t.controls.colStatus },
              { id: 'decision', header: t.controls.colDecision, sortable: false },
            ]}
            rows={rows}
            empty={empty}
          />
        </Card>
        {can(actor.roles, 'registry.reverse') ? (
          <Card title={t.controls.reversalTitle} subtitle={t.controls.reversalSubtitle} className="form-card">
            <ReversalForm />
          </Card>
        ) : null}
        <Card title={t.controls.rulesTitle} subtitle={t.controls.rulesSubtitle} flush>
          <DataTable
            testId="four-eyes-rules"
            paginate={false}
            columns={[
              { id: 'action', header: t.controls.colAction },
              { id: 'approver', header: t.controls.colApprover, sortable: false },
              { id: 'expiry', header: t.controls.colExpiry, sortable: false },
            ]}
            rows={ruleRows}
          />
        </Card>
      </div>
    </>
  );
});
