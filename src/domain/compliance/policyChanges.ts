/**
 * What a change of the compliance policy or of a year's deadlines changed, field by field: the
 * policy page lists the audit log's records with it (the values before and after each change) and
 * shows the national regulator the same list before a change is saved. Pure.
 */
import Decimal from 'decimal.js';
import { gwpGases, type GwpTable } from './coverage';

/** The fields a change is described by; `gwp` is one change per gas added, removed or changed. */
export type PolicyField = 'offsetShare' | 'phaseStarts' | 'carryOverBetweenPhases' | 'carryOverDiscount' | 'penaltyRule' | 'gwp' | 'gwpSource' | 'reportDeadline' | 'surrenderDeadline';

export interface PolicyFieldChange {
  field: PolicyField;
  /** The gas, for a change of the GWP table. */
  gas?: string;
  /** Values as stored: decimal strings ("0.05"), years joined ("2021, 2026"), "true"/"false", rule codes, ISO dates; null when absent (a gas added or removed). */
  before: string | null;
  after: string | null;
}

type Snapshot = Record<string, unknown>;
const asObject = (v: unknown): Snapshot => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Snapshot) : {});

/** A value in comparable form: decimals canonical ("0.0500" → "0.05"), years joined, anything else as text. */
function canonical(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(String).join(', ');
  const s = String(v);
  return /^-?\d+(\.\d+)?$/.test(s) ? new Decimal(s).toFixed() : s;
}

/**
 * A policy snapshot, flat: the policy as read (banking nested, as the audit records hold it since
 * the GWP table was added), or a command as sent (banking fields at the top, as older records and
 * the form hold it).
 */
function flatPolicy(v: unknown): Snapshot {
  const o = asObject(v);
  const banking = asObject(o.banking);
  return {
    offsetShare: o.offsetShare,
    phaseStarts: banking.phaseStarts ?? o.phaseStarts,
    carryOverBetweenPhases: banking.carryOverBetweenPhases ?? o.carryOverBetweenPhases,
    carryOverDiscount: banking.carryOverDiscount ?? o.carryOverDiscount,
    penaltyRule: o.penaltyRule,
    gwp: o.gwp,
    gwpSource: o.gwpSource,
  };
}

/** The changes from one policy snapshot to the next; a field the later snapshot lacks did not change. */
export function policyChanges(beforeRaw: unknown, afterRaw: unknown): PolicyFieldChange[] {
  const before = flatPolicy(beforeRaw);
  const after = flatPolicy(afterRaw);
  const changes: PolicyFieldChange[] = [];
  for (const field of ['offsetShare', 'phaseStarts', 'carryOverBetweenPhases', 'carryOverDiscount', 'penaltyRule'] as const) {
    const b = canonical(before[field]);
    const a = canonical(after[field]);
    if (a !== null && a !== b) changes.push({ field, before: b, after: a });
  }
  // A snapshot without a table (an older record, a command keeping the table) says nothing about it.
  if (before.gwp !== undefined && after.gwp !== undefined) {
    const b = asObject(before.gwp);
    const a = asObject(after.gwp);
    for (const gas of gwpGases({ ...(b as GwpTable), ...(a as GwpTable) })) {
      const was = canonical(b[gas]);
      const now = canonical(a[gas]);
      if (was !== now) changes.push({ field: 'gwp', gas, before: was, after: now });
    }
  }
  const source = { before: canonical(before.gwpSource), after: canonical(after.gwpSource) };
  if (source.after !== null && source.after !== source.before) changes.push({ field: 'gwpSource', ...source });
  return changes;
}

/** The changes of a year's deadlines (the cycle before, the command after). */
export function cycleChanges(beforeRaw: unknown, afterRaw: unknown): PolicyFieldChange[] {
  const before = asObject(beforeRaw);
  const after = asObject(afterRaw);
  return (['reportDeadline', 'surrenderDeadline'] as const).flatMap((field) => {
    const b = canonical(before[field]);
    const a = canonical(after[field]);
    return a !== null && a !== b ? [{ field, before: b, after: a }] : [];
  });
}
