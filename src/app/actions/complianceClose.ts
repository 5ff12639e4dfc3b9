'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { provinceQuerySchema } from '@/schemas/api';
import { yearSchema } from '@/schemas/compliance';
import { closeComplianceYear } from '@/server/compliance/penalties';
import { cny, tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * Closing a compliance year (the regulator's /compliance/close): what the preview showed is
 * recorded — penalties, deductions, the provinces closed. Revalidates the compliance pages and the
 * public report, which publishes the provinces closed.
 */
const closeFormSchema = z.object({ year: yearSchema, province: provinceQuerySchema.shape.province });

export async function closeYearAction(input: unknown) {
  return runAction(
    closeFormSchema,
    input,
    async (actor, { year, province }, { t, lang }) => {
      const r = await closeComplianceYear(actor, year, { provinceCode: province });
      const c = t.complianceClose;
      return {
        message: r.penalties.length
          ? fmt(c.done, { year, n: r.penalties.length, fines: cny(r.totals.fines, lang), tonnes: tonnes(r.totals.deductions) })
          : fmt(c.doneNone, { year }),
      };
    },
    ['/compliance', '/public'],
  );
}
