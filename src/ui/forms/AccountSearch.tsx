'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { orgName } from '../format';
import type { ParticipantKind } from '@/schemas/registry';
import type { BoundField } from './useActionForm';

/** An account as the search lists it. */
export interface AccountChoice {
  id: number;
  number: string;
  name: string;
  nameZh?: string | null;
  status?: string;
  /** The account holder (null for an account without an organisation). */
  organisationId: number | null;
}

/** The matches shown at most (the search asks for this many). */
export const ACCOUNT_MATCHES = 12;
const MIN_CHARS = 2;

/** One account of the accounts list endpoint, as much of it as the search reads. */
interface ListedAccount {
  id: number;
  number: string;
  name: string;
  status: string;
  organisationId: number | null;
  organisation: { name: string; nameZh: string | null } | null;
}

/**
 * An account picker for the operators' forms, where a list of every account would be thousands of
 * options: the operator types an account ID or part of its number or organisation name, and picks
 * one of the open accounts the accounts list (`searchPath`, GET /api/v1/registry/accounts) finds
 * for `q` (only those of `status` and of organisations of `kind`, if given). An ARIA combobox: arrows move, Enter picks, Escape closes. The form's field holds the
 * picked account's ID ('' while none is picked; typing again clears it); `onPick` also receives
 * the picked account, for a form that wants its holder. `exclude` hides one ID (e.g. the source
 * account as destination).
 */
export function AccountSearch({
  field, onPick, searchPath, status: only, kind, withStatus, exclude, testId,
}: {
  field: BoundField; onPick: (id: string, account: AccountChoice | null) => void; searchPath: string;
  status?: 'ACTIVE'; kind?: ParticipantKind; withStatus?: boolean; exclude?: string; testId?: string;
}) {
  const { t, lang } = useI18n();
  const listId = useId();
  const label = (a: AccountChoice) =>
    `${a.id} · ${orgName(a, lang)}${withStatus && a.status ? ` (${t.accountStatus[a.status as keyof typeof t.accountStatus] ?? a.status})` : ''}`;
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<AccountChoice | null>(null);
  const [found, setFound] = useState<{ q: string; items: AccountChoice[] } | 'failed' | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const value = field.value ?? '';

  // The form reset the field (after a submit): the picker empties too.
  const lastValue = useRef(value);
  useEffect(() => {
    if (lastValue.current !== value && value === '' && picked) {
      setPicked(null);
      setText('');
    }
    lastValue.current = value;
  }, [value, picked]);

  const q = text.trim();
  // An account ID may be a single digit; a number or name needs two characters.
  const searching = open && !picked && (q.length >= MIN_CHARS || /^\d+$/.test(q));
  useEffect(() => {
    if (!searching) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      fetch(`${searchPath}?${new URLSearchParams({ q, limit: String(ACCOUNT_MATCHES), ...(only ? { status: only } : {}), ...(kind ? { kind } : {}) })}`, { headers: { accept: 'application/json' }, signal: abort.signal })
        .then(async (res) => {
          if (!res.ok) throw new Error(String(res.status));
          const { items } = (await res.json()) as { items: ListedAccount[] };
          const open = items.filter((a) => a.status !== 'CLOSED');
          setFound({ q, items: open.map((a) => ({ id: a.id, number: a.number, name: a.organisation?.name ?? a.name, nameZh: a.organisation?.nameZh ?? a.name, status: a.status, organisationId: a.organisationId })) });
          setActive(0);
        })
        .catch((e: unknown) => {
          if (!abort.signal.aborted) setFound('failed');
          void e;
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [searching, q, searchPath, only, kind]);

  // The account whose ID was typed first, then the others in ID order.
  const matches = found && found !== 'failed' && found.q === q
    ? found.items.filter((a) => String(a.id) !== exclude).sort((a, b) => Number(String(b.id) === q) - Number(String(a.id) === q))
    : null;
  const pick = (a: AccountChoice) => {
    setPicked(a);
    setText(label(a));
    setOpen(false);
    onPick(String(a.id), a);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') return setOpen(false);
    if (!matches || matches.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)]!);
    }
  };
  const optionId = (i: number) => `${listId}-${i}`;
  const status =
    !searching ? null
    : found === 'failed' ? t.common.searchFailed
    : !matches ? t.common.searching
    : matches.length === 0 ? fmt(t.common.noAccountMatches, { q })
    : null;

  return (
    <div className="combobox">
      <input
        className="input"
        type="text"
        role="combobox"
        autoComplete="off"
        id={field.id}
        name={`${field.name}-search`}
        aria-invalid={field['aria-invalid']}
        aria-describedby={field['aria-describedby']}
        aria-expanded={searching && open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={searching && matches?.length ? optionId(active) : undefined}
        placeholder={t.common.accountSearch}
        title={fmt(t.common.accountSearchHint, { count: ACCOUNT_MATCHES })}
        value={text}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          if (picked) {
            setPicked(null);
            onPick('', null);
          }
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          field.onBlur();
        }}
        onKeyDown={onKeyDown}
      />
      {searching && open ? (
        <ul className="combobox-list" role="listbox" id={listId} data-testid={testId ? `${testId}-options` : undefined}>
          {status ? <li className="combobox-note" role="presentation">{status}</li> : null}
          {(matches ?? []).map((a, i) => (
            <li
              key={a.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(a);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span>{label(a)}</span>
              <span className="sub-line mono">{a.number}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
