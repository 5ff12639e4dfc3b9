import type { ReactNode } from 'react';

export function Card({
  title, subtitle, actions, children, flush, testId, className,
}: { title?: ReactNode; subtitle?: ReactNode; actions?: ReactNode; children: ReactNode; flush?: boolean; testId?: string; className?: string }) {
  return (
    <section className={`card${className ? ` ${className}` : ''}`} data-testid={testId}>
      {title || actions ? (
        <div className="card-head">
          <div>
            {title ? <h2>{title}</h2> : null}
            {subtitle ? <p className="sub">{subtitle}</p> : null}
          </div>
          {actions ? <div className="btn-row">{actions}</div> : null}
        </div>
      ) : null}
      <div className={flush ? 'card-body flush' : 'card-body'}>{children}</div>
    </section>
  );
}

/** A key figure: label, big value, optional unit and hint. */
export function Kpi({ label, value, unit, hint, testId }: { label: ReactNode; value: ReactNode; unit?: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <section className="card kpi">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
      {hint ? <div className="hint">{hint}</div> : null}
    </section>
  );
}
