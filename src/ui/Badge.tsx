import type { ReactNode } from 'react';

export type Tone = 'green' | 'amber' | 'red' | 'blue' | 'gray';

export function Badge({ tone = 'gray', children, plain, testId }: { tone?: Tone; children: ReactNode; plain?: boolean; testId?: string }) {
  return (
    <span className={`badge ${tone}${plain ? ' plain' : ''}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** Colour of a status, one mapping for the whole app. */
export function statusTone(status: string): Tone {
  switch (status) {
    case 'ACTIVE':
    case 'APPROVED':
    case 'OK':
      return 'green';
    case 'PENDING':
    case 'PENDING_APPROVAL':
    case 'DELAYED':
    case 'SOME_RESTRICTED':
    case 'CLOSURE_PENDING':
      return 'amber';
    case 'RESTRICTED':
    case 'SUSPENDED':
    case 'REJECTED':
    case 'FAILED':
      return 'red';
    default:
      return 'gray';
  }
}

/** A status badge with its translated label. */
export function StatusBadge({ status, label, testId }: { status: string; label: ReactNode; testId?: string }) {
  return (
    <Badge tone={statusTone(status)} testId={testId}>
      {label}
    </Badge>
  );
}
