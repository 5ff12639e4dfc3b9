import { fmt, type Dictionary, type Lang } from '@/i18n';
import { renderNote } from '@/i18n/notes';
import type { PenaltyView } from '@/server/compliance/penalties';
import { Alert } from '@/ui/Alert';
import { Card } from '@/ui/Card';
import { cny, dateOnly, tonnes } from '@/ui/format';
import { DeductionBadge } from '../_lib/penalties';

/**
 * The entity's penalty for a year, once the regulator closed it: the fine (and its range) under
 * the rule version recorded, the shortfall at the close and the deduction from the next year's
 * allocation; after a correction (a surrender for the year after the close) by how much the
 * deduction went down — the fine stands.
 */
export function PenaltySection({ penalty: p, gap, t, lang }: { penalty: PenaltyView; gap: number | null; t: Dictionary; lang: Lang }) {
  const c = t.penalties.entity;
  const d = p.deduction;
  const unit = t.common.tonnes;
  return (
    <Card
      title={fmt(c.title, { year: p.year })}
      subtitle={fmt(c.subtitle, { date: dateOnly(p.imposedAt), year: p.year })}
      actions={d ? <DeductionBadge status={d.status} t={t} testId="penalty-deduction-status" /> : undefined}
      testId="penalty-card"
    >
      <dl className="facts mb">
        <dt>{c.fine}</dt>
        <dd data-testid="penalty-fine">
          <strong>{cny(p.fine, lang)}</strong> <span className="muted">({fmt(c.fineRange, { min: cny(p.fineMin, lang), max: cny(p.fineMax, lang) })})</span>
        </dd>
        <dt>{c.rule}</dt>
        <dd data-testid="penalty-rule">{t.compliancePolicy.rules[p.rule].name}</dd>
        <dt>{c.shortfall}</dt>
        <dd data-testid="penalty-shortfall">
          {tonnes(p.shortfall)} {unit}
        </dd>
        <dt>{c.basis}</dt>
        <dd>{renderNote(p.basisNote, lang)}</dd>
        {d ? (
          <>
            <dt>{fmt(c.deduction, { toYear: d.toYear })}</dt>
            <dd data-testid="penalty-deduction">
              <strong>{fmt(c.deductionLeft, { n: tonnes(d.remaining) })}</strong>{' '}
              <span className="muted">({fmt(c.deductionState, { scheduled: tonnes(d.scheduled), corrected: tonnes(d.corrected), applied: tonnes(d.applied) })})</span>
            </dd>
          </>
        ) : null}
      </dl>
      <div className="stack">
        {d && d.corrected > 0 ? (
          <Alert kind="success" testId="penalty-corrected">
            {fmt(c.corrected, { year: p.year, n: tonnes(d.corrected) })}
          </Alert>
        ) : null}
        {d && d.remaining > 0 && gap ? (
          <Alert kind="info" testId="penalty-correctable">
            {fmt(c.correctable, { year: p.year })}
          </Alert>
        ) : d && d.remaining === 0 && d.corrected === 0 ? (
          <Alert kind="info" testId="penalty-nothing-left">
            {c.nothingLeft}
          </Alert>
        ) : null}
      </div>
    </Card>
  );
}
