'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { savePreferencesAction } from '@/app/actions/notifications';
import { useI18n } from '@/i18n/client';
import { Alert } from '@/ui/Alert';
import { Badge } from '@/ui/Badge';
import type { ActionResult } from '@/ui/forms/result';

interface Line {
  kind: string;
  label: string;
  description: string;
  action: boolean;
  inApp: boolean;
  email: boolean;
}

/** The preferences per kind: two checkboxes each (in the app, by email), saved together. */
export function PreferencesForm({ initial, note, emailOff }: { initial: Line[]; note: string; emailOff: string | null }) {
  const { t } = useI18n();
  const tn = t.notifications;
  const router = useRouter();
  const [lines, setLines] = useState(initial);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();

  const toggle = (kind: string, field: 'inApp' | 'email') => {
    setResult(null);
    setLines((ls) => ls.map((l) => (l.kind === kind ? { ...l, [field]: !l[field] } : l)));
  };
  const save = () =>
    startTransition(async () => {
      let res: ActionResult;
      try {
        res = await savePreferencesAction({ preferences: lines.map(({ kind, inApp, email }) => ({ kind, inApp, email })) });
      } catch {
        res = { ok: false, message: t.actionErrors.generic, fields: {} };
      }
      setResult(res);
      if (res.ok) router.refresh();
    });

  return (
    <form
      className="stack"
      style={{ gap: 12 }}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      data-testid="notification-prefs-form"
    >
      <table className="table notification-prefs">
        <thead>
          <tr>
            <th>{tn.colKind}</th>
            <th className="num">{tn.colInApp}</th>
            <th className="num">{tn.colEmail}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.kind} data-testid={`pref-${l.kind}`}>
              <td>
                <div>{l.label}</div>
                <div className="faint" style={{ fontSize: 12 }}>
                  {l.description}
                </div>
                {l.action ? (
                  <Badge tone="amber" plain>
                    {tn.actionNeeded}
                  </Badge>
                ) : null}
              </td>
              <td className="num">
                <input type="checkbox" checked={l.inApp} onChange={() => toggle(l.kind, 'inApp')} aria-label={`${l.label}: ${tn.colInApp}`} data-testid={`pref-${l.kind}-inApp`} />
              </td>
              <td className="num">
                <input type="checkbox" checked={l.email} onChange={() => toggle(l.kind, 'email')} aria-label={`${l.label}: ${tn.colEmail}`} data-testid={`pref-${l.kind}-email`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" style={{ fontSize: 13 }}>
        {note}
      </p>
      {emailOff ? (
        <p className="faint" style={{ fontSize: 13 }}>
          {emailOff}
        </p>
      ) : null}
      {result ? (
        <Alert kind={result.ok ? 'success' : 'error'} testId="notification-prefs-result">
          {result.message}
        </Alert>
      ) : null}
      <div className="btn-row">
        <button type="submit" className="btn primary" disabled={pending} data-testid="notification-prefs-save">
          {pending ? t.common.submitting : tn.savePrefs}
        </button>
      </div>
    </form>
  );
}
