'use client';

import { endOtherSessionsAction, endSessionAction, revokeTokenAction } from '@/app/actions/security';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { Badge } from '@/ui/Badge';
import { DataTable, type Column, type Row } from '@/ui/DataTable';
import { ActionButton } from '@/ui/forms/ActionButton';
import { dateTime } from '@/ui/format';

/** The user's own API tokens and browser sessions on /security, with revoke and end (issue 13 §4). */

export interface TokenItem {
  id: number;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  expired: boolean;
}

export interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  endedReason: 'SIGNED_OUT' | 'ENDED_BY_USER' | 'ENDED_BY_OPERATOR' | 'IDLE' | null;
  current: boolean;
}

export function TokenList({ tokens }: { tokens: TokenItem[] }) {
  const { t } = useI18n();
  const s = t.security;
  const columns: Column[] = [
    { id: 'id', header: s.tokenId },
    { id: 'created', header: s.created },
    { id: 'expires', header: s.expires },
    { id: 'state', header: s.state },
    { id: 'action', header: '', align: 'right', sortable: false, exported: false },
  ];
  const rows: Row[] = tokens.map((tk) => ({
    id: String(tk.id),
    testId: `token-${tk.id}`,
    cells: {
      id: <span className="mono">#{tk.id}</span>,
      created: dateTime(tk.createdAt),
      expires: dateTime(tk.expiresAt),
      state: tk.revokedAt ? (
        <Badge tone="gray">{fmt(s.tokenRevoked, { at: dateTime(tk.revokedAt) })}</Badge>
      ) : tk.expired ? (
        <Badge tone="gray">{s.tokenExpired}</Badge>
      ) : (
        <Badge tone="green">{s.tokenLive}</Badge>
      ),
      action:
        tk.revokedAt || tk.expired ? null : (
          <ActionButton
            label={s.revoke}
            tone="danger"
            run={() => revokeTokenAction({ id: tk.id })}
            confirm={{ title: fmt(s.revokeTitle, { id: tk.id }), body: <p>{s.revokeBody}</p> }}
            testId={`token-revoke-${tk.id}`}
          />
        ),
    },
    sort: { id: tk.id, created: tk.createdAt, expires: tk.expiresAt },
  }));
  return <DataTable columns={columns} rows={rows} empty={s.tokensEmpty} testId="token-list" csvName={false} pageSizes={[10, 25]} />;
}

export function SessionList({ sessions }: { sessions: SessionItem[] }) {
  const { t } = useI18n();
  const s = t.security;
  const othersLive = sessions.some((x) => !x.endedAt && !x.current);
  const columns: Column[] = [
    { id: 'signedIn', header: s.signedIn },
    { id: 'lastSeen', header: s.lastSeen },
    { id: 'state', header: s.state },
    { id: 'action', header: '', align: 'right', sortable: false, exported: false },
  ];
  const rows: Row[] = sessions.map((x) => ({
    id: x.id,
    testId: x.current ? 'session-current' : `session-${x.id}`,
    cells: {
      signedIn: dateTime(x.createdAt),
      lastSeen: x.endedAt ? dateTime(x.endedAt) : dateTime(x.lastSeenAt),
      state: x.current ? (
        <Badge tone="blue">{s.sessionCurrent}</Badge>
      ) : x.endedAt ? (
        <Badge tone="gray">{x.endedReason ? s.endedReasons[x.endedReason] : s.tokenExpired}</Badge>
      ) : (
        <Badge tone="green">{s.sessionLive}</Badge>
      ),
      action:
        x.endedAt || x.current ? null : (
          <ActionButton
            label={s.endSession}
            tone="danger"
            run={() => endSessionAction({ id: x.id })}
            confirm={{ title: s.endSessionTitle, body: <p>{s.endSessionBody}</p> }}
            testId={`session-end-${x.id}`}
          />
        ),
    },
  }));
  return (
    <div className="stack" style={{ gap: 12 }}>
      <DataTable columns={columns} rows={rows} empty={s.sessionsEmpty} testId="session-list" csvName={false} pageSizes={[10, 25]} />
      {othersLive ? (
        <div className="btn-row">
          <ActionButton
            label={s.endOthers}
            tone="danger"
            size="md"
            run={() => endOtherSessionsAction()}
            confirm={{ title: s.endOthersTitle, body: <p>{s.endOthersBody}</p> }}
            testId="sessions-end-others"
          />
        </div>
      ) : null}
    </div>
  );
}
