/**
 * Compliance status of an entity for a year (履约状态), computed from the obligation, what was
 * surrendered and the deadline on the market clock:
 * - NOT_DUE: no verified obligation yet (the report is not filed or not verified);
 * - COMPLIANT: surrendered ≥ obligation;
 * - IN_PROGRESS: before the deadline, not yet fully surrendered;
 * - PARTIAL: the deadline passed with part of the obligation surrendered;
 * - DEFAULTED: the deadline passed with nothing surrendered.
 */
export type ComplianceStatus = 'NOT_DUE' | 'IN_PROGRESS' | 'COMPLIANT' | 'PARTIAL' | 'DEFAULTED';

export function complianceStatus(obligation: number | null, surrendered: number, deadlinePassed: boolean): ComplianceStatus {
  if (obligation === null) return 'NOT_DUE';
  if (surrendered >= obligation) return 'COMPLIANT';
  if (!deadlinePassed) return 'IN_PROGRESS';
  return surrendered > 0 ? 'PARTIAL' : 'DEFAULTED';
}

/** The shortfall (t) still to surrender. */
export const shortfall = (obligation: number, surrendered: number) => Math.max(obligation - surrendered, 0);
