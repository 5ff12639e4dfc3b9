import type { ReactNode } from 'react';

/** The one page header: title, optional subtitle, actions on the right. */
export function PageHeader({ title, subtitle, actions, testId }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <header className="page-header" data-testid={testId}>
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="sub">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </header>
  );
}
