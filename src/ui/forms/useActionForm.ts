'use client';

import { useCallback, useState, useTransition, type ChangeEvent, type FormEvent } from 'react';
import { useI18n } from '@/i18n/client';
import type { ActionResult } from './result';

export interface ActionFormOptions<V extends Record<string, string>, T extends object> {
  initial: V;
  /** Client-side validation (shared zod schema + extra rules), messages already translated. */
  validate: (values: V) => Record<string, string>;
  submit: (values: V) => Promise<ActionResult<T>>;
  /** Called after success; return new values to reset the form. */
  onSuccess?: (result: Extract<ActionResult<T>, { ok: true }>, values: V) => V | void;
}

/** The props that wire an input, select or textarea to a form field (`{...form.bind(name)}`). */
export interface BoundField {
  id: string;
  name: string;
  value: string | undefined;
  onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => void;
  onBlur: () => void;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * Inline-validated form state: errors show next to a field as soon as it is edited (and for
 * every field after a submit attempt); a submit with errors never reaches the server; server
 * errors are mapped back to their fields and cleared when the field changes.
 */
export function useActionForm<V extends Record<string, string>, T extends object = object>(opts: ActionFormOptions<V, T>) {
  const { t } = useI18n();
  const [values, setValues] = useState<V>(opts.initial);
  const [touched, setTouched] = useState<Partial<Record<keyof V, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ActionResult<T> | null>(null);
  const [pending, startTransition] = useTransition();

  const clientErrors = opts.validate(values);
  const errorOf = (name: keyof V & string): string | undefined =>
    serverErrors[name] ?? (touched[name] || submitted ? clientErrors[name] : undefined);

  /** Sets a field; `touch` false for dependent resets (e.g. clearing the vintage when the instrument changes). */
  const set = useCallback((name: keyof V & string, value: string, touch = true) => {
    setValues((v) => ({ ...v, [name]: value }));
    if (touch) setTouched((tc) => ({ ...tc, [name]: true }));
    setServerErrors((e) => {
      if (!(name in e)) return e;
      const { [name]: _removed, ...rest } = e;
      void _removed;
      return rest;
    });
    setResult((r) => (r && !r.ok ? null : r));
  }, []);

  const bind = (name: keyof V & string): BoundField => ({
    id: `f-${name}`,
    name,
    value: values[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => set(name, e.target.value),
    onBlur: () => setTouched((tc) => ({ ...tc, [name]: true })),
    'aria-invalid': errorOf(name) ? true : undefined,
    'aria-describedby': errorOf(name) ? `f-${name}-error` : undefined,
  });

  const run = () => {
    setSubmitted(true);
    if (Object.keys(clientErrors).length > 0) {
      setResult({ ok: false, message: t.actionErrors.invalid, fields: {} });
      return;
    }
    const snapshot = values;
    startTransition(async () => {
      let res: ActionResult<T>;
      try {
        res = await opts.submit(snapshot);
      } catch {
        res = { ok: false, message: t.actionErrors.generic, fields: {} };
      }
      setResult(res);
      if (res.ok) {
        const next = opts.onSuccess?.(res, snapshot);
        if (next) setValues(next);
        setTouched({});
        setSubmitted(false);
        setServerErrors({});
      } else {
        setServerErrors(res.fields);
      }
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    run();
  };

  return { values, set, bind, errorOf, onSubmit, run, pending, result, clientErrors, hasErrors: Object.keys(clientErrors).length > 0 };
}

/** What useActionForm returns. */
export type ActionForm<V extends Record<string, string>, T extends object = object> = ReturnType<typeof useActionForm<V, T>>;

/** The part of a form that a component rendering the fields `F` of it needs. */
export interface FieldsOf<F extends string> {
  values: Partial<Record<F, string>>;
  bind(name: F): BoundField;
  set(name: F, value: string, touch?: boolean): void;
  errorOf(name: F): string | undefined;
}
