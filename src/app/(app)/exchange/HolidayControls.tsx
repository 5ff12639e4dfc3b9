'use client';

import { inLang } from '@/ui/format';
import { addHolidayAction, removeHolidayAction } from '@/app/actions/exchange';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { holidaySchema } from '@/schemas/trading';
import type { Holiday } from '@/server/trading/holidays';
import { EmptyState } from '@/ui/EmptyState';
import { ActionButton } from '@/ui/forms/ActionButton';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';

/**
 * The exchange holiday calendar: upcoming holidays with remove, and a form to add one. Dates after
 * today on the market clock only (checked here as you type, and by the service).
 */
export function HolidayControls({ holidays, today }: { holidays: Holiday[]; today: string }) {
  const { t, lang } = useI18n();
  const form = useActionForm<{ date: string; name: string; nameZh: string }>({
    initial: { date: '', name: '', nameZh: '' },
    validate: (v) => {
      const errors = zodFieldErrors(holidaySchema, v, lang);
      if (!errors.date && v.date <= today) errors.date = fmt(t.exchange.holidayMustBeFuture, { today });
      if (!errors.date && [0, 6].includes(new Date(`${v.date}T00:00:00Z`).getUTCDay())) errors.date = t.exchange.holidayWeekend;
      return errors;
    },
    submit: (v) => addHolidayAction({ ...v, nameZh: v.nameZh.trim() || undefined }),
  });
  return (
    <div className="stack" data-testid="holidays">
      <h3 style={{ margin: '18px 0 0' }}>{t.exchange.holidaysTitle}</h3>
      <p className="sub-line">{t.exchange.holidaysHint}</p>
      {holidays.length === 0 ? (
        <EmptyState title={t.exchange.holidaysEmpty} testId="holidays-empty" />
      ) : (
        <table className="table" data-testid="holidays-table">
          <thead>
            <tr>
              <th>{t.exchange.holidayDate}</th>
              <th>{t.exchange.holidayName}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {holidays.map((h) => (
              <tr key={h.date} data-testid={`holiday-${h.date}`}>
                <td className="mono">{h.date}</td>
                <td>{inLang({ en: h.name, zh: h.nameZh }, lang)}</td>
                <td style={{ textAlign: 'right' }}>
                  <ActionButton
                    label={t.exchange.holidayRemove}
                    confirm={{ title: t.exchange.holidayRemoveTitle, body: <p>{fmt(t.exchange.holidayRemoveBody, { date: h.date, name: inLang({ en: h.name, zh: h.nameZh }, lang) })}</p> }}
                    run={() => removeHolidayAction({ date: h.date })}
                    testId={`holiday-remove-${h.date}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form" noValidate onSubmit={form.onSubmit} data-testid="holiday-form">
        <div className="btn-row" style={{ alignItems: 'flex-start' }}>
          <Field name="date" label={t.exchange.holidayDate} error={form.errorOf('date')}>
            <input type="date" className="input" min={today} {...form.bind('date')} data-testid="holiday-date" style={{ width: 180 }} />
          </Field>
          <Field name="name" label={t.exchange.holidayName} error={form.errorOf('name')}>
            <input className="input" {...form.bind('name')} data-testid="holiday-name" style={{ width: 220 }} />
          </Field>
          <Field name="nameZh" label={t.exchange.holidayNameZh} error={form.errorOf('nameZh')}>
            <input className="input" lang="zh" {...form.bind('nameZh')} data-testid="holiday-name-zh" style={{ width: 180 }} />
          </Field>
          <div style={{ paddingTop: 24 }}>
            <SubmitButton pending={form.pending} className="btn" testId="holiday-submit">
              {t.exchange.holidayAdd}
            </SubmitButton>
          </div>
        </div>
        <FormResult result={form.result} />
      </form>
    </div>
  );
}
