'use client';

import { useCallback, useRef, useState } from 'react';
import type { HoldingOption } from './HoldingFields';

export interface AccountHoldings {
  /** What the account holds, or undefined while none is picked or its holdings are on their way. */
  of: (accountId: string) => HoldingOption[] | undefined;
  /** Reads the account's holdings once (from an effect of the form, with the account picked now). */
  load: (accountId: string) => void;
  /** Forget what was read (after a movement changed it): it is read again. */
  forget: () => void;
  /** Changes whenever what was read changes (a dependency for the form's effect that calls load). */
  version: object;
}

/**
 * What the accounts picked in an operator's form hold, read when they are picked (the page does not
 * send the holdings of thousands of accounts). `holdingsPath` is the holdings endpoint's path with
 * `{id}` in it, as the server page passes it (apiPathTemplate of src/server/http/links.ts). The
 * form is made after this hook (its validation reads `of`) and calls `load` from an effect with the
 * account picked. An account whose holdings cannot be read holds nothing here (the service refuses
 * the movement anyway).
 */
export function useAccountHoldings(holdingsPath: string | undefined): AccountHoldings {
  const [read, setRead] = useState<ReadonlyMap<string, HoldingOption[]>>(new Map());
  const asked = useRef(new Set<string>());
  const load = useCallback(
    (picked: string) => {
      if (!holdingsPath || !picked || asked.current.has(picked)) return;
      asked.current.add(picked);
      const keep = (lines: HoldingOption[]) => setRead((before) => new Map(before).set(picked, lines));
      fetch(holdingsPath.replace('{id}', encodeURIComponent(picked)), { headers: { accept: 'application/json' } })
        .then(async (res) => (res.ok ? ((await res.json()) as { items: HoldingOption[] }).items : []))
        .then((items) => keep(items.map((h) => ({ instrument: h.instrument, vintage: h.vintage, available: h.available }))))
        .catch(() => keep([]));
    },
    [holdingsPath],
  );
  const forget = useCallback(() => {
    asked.current.clear();
    setRead(new Map());
  }, []);
  return { of: (accountId: string) => (accountId ? read.get(accountId) : undefined), load, forget, version: read };
}
