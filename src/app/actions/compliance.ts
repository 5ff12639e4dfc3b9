'use server';

import { fmt } from '@/i18n';
import { surrenderSchema, verificationSchema, yearSchema } from '@/schemas/compliance';
import { idSchema } from '@/schemas/registry';
import { verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { cny, tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * The compliance cycle's actions: an entity surrenders (清缴) for a year; a regulator confirms or
 * corrects (核查) an emission report. Both revalidate the compliance pages (the entity's status
 * and the regulator's list) and the holder's balances.
 */
const PATHS = ['/compliance', '/holdings', '/movements'];

/**
 * The surrender form sends one item (instrument, vintage, quantity) for a year. The service names
 * fields by the API's shape (`items.0.vintage`, or `items` for the CCER cap): the form puts them
 * on its own fields.
 */
const surrenderFormSchema = surrenderSchema.shape.items.element.extend({ year: yearSchema });

/** Surrenders available units to the cancellation account for a compliance year; the excess beyond the obligation is a voluntary cancellation. */
export async function surrenderAction(input: unknown) {
  return runAction(
    surrenderFormSchema,
    input,
    async (actor, { year, ...item }, { t, lang }) => {
      const r = await surrender(actor, year, { items: [item] });
      const asset = `${item.instrument}-${item.vintage}`;
      const credited = r.creditedCea + r.creditedOffset;
      return {
        status: r.status.status,
        message:
          fmt(t.compliance.done, { n: tonnes(item.quantity), asset, year, credited: tonnes(credited), status: t.complianceStatus[r.status.status] }) +
          (r.excess > 0 ? ` ${fmt(t.compliance.doneExcess, { n: tonnes(r.excess) })}` : '') +
          (r.correction && r.correction.reducedBy > 0
            ? ` ${fmt(t.penalties.correctionDone, { toYear: r.correction.deduction.toYear, n: tonnes(r.correction.reducedBy), remaining: tonnes(r.correction.deduction.remaining), fine: cny(r.correction.fine, lang) })}`
            : ''),
      };
    },
    PATHS,
    { signed: true },
  );
}

/** Confirm (the reported figure becomes the obligation) or correct (a figure and a reason). */
const verifyFormSchema = verificationSchema.safeExtend({ year: yearSchema, reportId: idSchema });

export async function verifyReportAction(input: unknown) {
  return runAction(
    verifyFormSchema,
    input,
    async (actor, { year, reportId, ...cmd }, { t }) => {
      const r = await verifyReport(actor, year, reportId, cmd);
      const n = tonnes(r.verifiedEmissions ?? 0);
      return { message: fmt(cmd.decision === 'CORRECT' ? t.complianceReports.corrected : t.complianceReports.confirmed, { id: r.id, n, year }) };
    },
    PATHS,
  );
}
