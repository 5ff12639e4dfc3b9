import type { ReactNode } from 'react';

const ICON = { success: '✓', error: '!', warn: '!', info: 'i' } as const;

export function Alert({ kind, children, testId }: { kind: keyof typeof ICON; children: ReactNode; testId?: string }) {
  return (
    <div className={`alert ${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span className="icon" aria-hidden>
        {ICON[kind]}
      </span>
      <div>{children}</div>
    </div>
  );
}
