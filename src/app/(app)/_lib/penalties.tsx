import type { Dictionary } from '@/i18n';
import type { DeductionView } from '@/server/compliance/penalties';
import { Badge, type Tone } from '@/ui/Badge';

/** What the penalty pages (the regulators' list, the entity's compliance page) share: the deduction's status badge. */
const DEDUCTION_TONE: Record<DeductionView['status'], Tone> = { SCHEDULED: 'amber', APPLIED: 'gray', CORRECTED: 'green' };

export function DeductionBadge({ status, t, testId }: { status: DeductionView['status']; t: Dictionary; testId?: string }) {
  return (
    <Badge tone={DEDUCTION_TONE[status]} testId={testId}>
      {t.penalties.status[status]}
    </Badge>
  );
}
