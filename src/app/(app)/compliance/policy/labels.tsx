import Decimal from 'decimal.js';
import type { PenaltyRuleVersion } from '@/domain/compliance/penalty';
import type { PolicyFieldChange } from '@/domain/compliance/policyChanges';
import { fmt, type Dictionary } from '@/i18n';

/** What the policy page (server) and its forms (client) say the same way: shares, phases, rule names, changes. */

export const PENALTY_RULES: readonly PenaltyRuleVersion[] = ['INTERIM_2024', 'TRIAL_2021'];

/** A share ("0.05") as a percentage: "5%", "7.5%". */
export const percentOf = (share: string) => `${new Decimal(share).times(100).toFixed()}%`;

/** Phase start years as ranges: [2021, 2026] → "2021–2025, 2026 onwards". */
export function phaseRanges(starts: number[], t: Dictionary): string {
  const p = t.compliancePolicy;
  const sorted = [...new Set(starts)].sort((a, b) => a - b);
  return sorted.map((from, i) => (i + 1 < sorted.length ? fmt(p.phaseRange, { from, to: sorted[i + 1]! - 1 }) : fmt(p.phaseFrom, { from }))).join(p.phaseSeparator);
}

const ruleName = (code: string, t: Dictionary) => (t.compliancePolicy.rules as Record<string, { short: string } | undefined>)[code]?.short ?? code;

/** A stored value of a field, for people. */
function valueText(change: PolicyFieldChange, value: string | null, t: Dictionary): string {
  const p = t.compliancePolicy;
  if (value === null) return t.common.dash;
  switch (change.field) {
    case 'offsetShare':
      return percentOf(value);
    case 'carryOverBetweenPhases':
      return value === 'true' ? p.allowed : p.forbidden;
    case 'penaltyRule':
      return ruleName(value, t);
    default:
      return value;
  }
}

/** "Carry-over discount: 1 → 0.9", "GWP of NF3: added (16100)". */
export function changeText(change: PolicyFieldChange, t: Dictionary): { label: string; text: string } {
  const p = t.compliancePolicy;
  const label = fmt(p.fields[change.field], { gas: change.gas ?? '' });
  if (change.field === 'gwp' && change.before === null) return { label, text: fmt(p.added, { value: change.after ?? '' }) };
  if (change.field === 'gwp' && change.after === null) return { label, text: fmt(p.removed, { value: change.before ?? '' }) };
  return { label, text: `${valueText(change, change.before, t)} → ${valueText(change, change.after, t)}` };
}

/** A list of changes, one a line. */
export function ChangeList({ changes, t, testId }: { changes: PolicyFieldChange[]; t: Dictionary; testId?: string }) {
  if (changes.length === 0) return <span className="faint">{t.compliancePolicy.unchanged}</span>;
  return (
    <ul className="policy-changes" data-testid={testId}>
      {changes.map((c) => {
        const { label, text } = changeText(c, t);
        return (
          <li key={`${c.field}-${c.gas ?? ''}`} data-testid={testId ? `${testId}-${c.field}${c.gas ? `-${c.gas}` : ''}` : undefined}>
            <span className="muted">{fmt(t.compliancePolicy.labelled, { label })}</span> <span>{text}</span>
          </li>
        );
      })}
    </ul>
  );
}
