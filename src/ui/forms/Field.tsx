import type { ReactNode } from 'react';

/** Label, control, hint and the inline error (with a stable test id: `<name>-error`). */
export function Field({
  name, label, hint, error, optional, children, className, okMessage,
}: { name: string; label: ReactNode; hint?: ReactNode; error?: string; optional?: string; children: ReactNode; className?: string; okMessage?: ReactNode }) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={`f-${name}`}>
        {label}
        {optional ? <span className="opt"> ({optional})</span> : null}
      </label>
      {children}
      {error ? (
        <div className="error" id={`f-${name}-error`} data-testid={`${name}-error`} role="alert">
          {error}
        </div>
      ) : okMessage ? (
        <div className="ok">{okMessage}</div>
      ) : hint ? (
        <div className="hint">{hint}</div>
      ) : null}
    </div>
  );
}
