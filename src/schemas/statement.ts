import { z } from 'zod';

/**
 * The account statement's period (GET /api/v1/accounts/{id}/statement and the form on the movements
 * page): two market days, inclusive, the end not before the start; and the language of the PDF.
 */
const periodFields = {
  from: z.iso.date().describe('First market day of the period, YYYY-MM-DD (Beijing time), inclusive'),
  to: z.iso.date().describe('Last market day of the period, YYYY-MM-DD (Beijing time), inclusive'),
};

const endNotBeforeStart = (p: { from: string; to: string }, ctx: z.RefinementCtx) => {
  if (p.to < p.from) ctx.addIssue({ code: 'custom', path: ['to'], params: { problem: 'FIELD_AT_LEAST', min: p.from } });
};

export const statementPeriodSchema = z.object(periodFields).superRefine(endNotBeforeStart);
export type StatementPeriod = z.infer<typeof statementPeriodSchema>;

export const statementQuerySchema = z
  .object({
    ...periodFields,
    lang: z.enum(['en', 'zh']).optional().describe('Language of the statement; default: Accept-Language (zh* → Chinese), else English'),
  })
  .superRefine(endNotBeforeStart);
