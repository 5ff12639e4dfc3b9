import Decimal from 'decimal.js';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { addDays } from '@/domain/trading/calendar';
import { surrenderFineRange } from '@/domain/compliance/penalty';
import { shortfall } from '@/domain/compliance/status';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudits } from '../audit/audit';
import { inTransaction, type Tx } from '../tx';
import { cycleOf, marketDate, policyOf } from './cycle';
import { organisationScope } from './scope';

/**
 * The surrender deadline (履约截止): once it has passed on the market clock, the regulator closes
 * the year for the entities in its scope. Each entity with a verified obligation that was not
 * surrendered in full gets a penalty record — the fine range of the policy's rule version, the
 * fine imposed at its minimum — and its shortfall is scheduled for deduction from the next year's
 * allocation. Closing again adds nothing twice.
 */
export interface PenaltyView {
  organisationId: number;
  year: number;
  rule: string;
  shortfall: number;
  averagePrice: string;
  fineMin: string;
  fineMax: string;
  fine: string;
  basis: string;
}

export interface YearClosing {
  year: number;
  penalties: PenaltyView[];
  deductions: { organisationId: number; toYear: number; quantity: number }[];
}

/** The average market price for fines: VWAP of listed CEA trades in the 30 days before the deadline, else the latest close. */
async function averagePrice(tx: Tx, year: number, deadline: string): Promise<string> {
  const rows = await tx.$queryRaw<{ vwap: { toString(): string } | null; close: { toString(): string } | null }[]>`
    SELECT (SELECT sum(price * quantity) / nullif(sum(quantity), 0) FROM trade
             WHERE kind = 'LISTED' AND symbol LIKE 'CEA-%' AND trading_day > ${addDays(deadline, -30)}::date AND trading_day <= ${deadline}::date) AS vwap,
           (SELECT coalesce(previous_close, reference_price) FROM trading_instrument WHERE symbol = ${`CEA-${year}`}) AS close`;
  const r = rows[0];
  const value = r?.vwap ?? r?.close ?? null;
  return value === null ? '0.00' : new Decimal(value.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

export async function closeComplianceYear(actor: Actor, year: number): Promise<YearClosing> {
  const scope = authorize(actor, 'compliance.close');
  const today = await marketDate();
  return inTransaction(async (tx) => {
    const cycle = await cycleOf(tx, year);
    if (today <= cycle.surrenderDeadline) {
      throw fail('DEADLINE_NOT_PASSED', { year, deadline: cycle.surrenderDeadline, today });
    }
    const policy = await policyOf(tx);
    const inScope = scope === 'all' ? Prisma.empty : Prisma.sql`AND o.province_code = ${actor.provinceCode ?? '-'}`;
    const rows = await tx.$queryRaw<{ organisation_id: number; obligation: bigint; surrendered: bigint | null }[]>`
      SELECT r.organisation_id, r.verified_emissions AS obligation,
             (SELECT sum(credited_cea + credited_offset) FROM surrender s WHERE s.organisation_id = r.organisation_id AND s.year = r.year)::bigint AS surrendered
        FROM emission_report r JOIN organisation o ON o.id = r.organisation_id
       WHERE r.year = ${year} AND r.status = 'VERIFIED' ${inScope}
         AND NOT EXISTS (SELECT 1 FROM penalty p WHERE p.organisation_id = r.organisation_id AND p.year = r.year)
       ORDER BY r.organisation_id
         FOR UPDATE OF r`;
    const price = await averagePrice(tx, year, cycle.surrenderDeadline);
    const closing: YearClosing = { year, penalties: [], deductions: [] };
    for (const r of rows) {
      const gap = shortfall(Number(r.obligation), Number(r.surrendered ?? 0n));
      if (gap === 0) continue;
      const range = surrenderFineRange(policy.penaltyRule, gap, price);
      await tx.penalty.create({
        data: {
          organisationId: r.organisation_id, year, rule: range.rule, shortfall: BigInt(gap), averagePrice: price,
          fineMin: range.min, fineMax: range.max, fine: range.min, basis: range.basis, createdById: actor.userId,
        },
      });
      await tx.allocationDeduction.create({ data: { organisationId: r.organisation_id, fromYear: year, toYear: year + 1, quantity: BigInt(gap), createdById: actor.userId } });
      closing.penalties.push({ organisationId: r.organisation_id, year, rule: range.rule, shortfall: gap, averagePrice: price, fineMin: range.min, fineMax: range.max, fine: range.min, basis: range.basis });
      closing.deductions.push({ organisationId: r.organisation_id, toYear: year + 1, quantity: gap });
    }
    await recordAudits(tx, closing.penalties.map((p) => ({ actor, event: { action: 'compliance.penalty', targetType: 'organisation', targetId: p.organisationId, after: p } })));
    return closing;
  });
}

/** Penalties of a year: an entity its own; a regulator its province's (national: all). */
export async function listPenalties(actor: Actor, year: number): Promise<PenaltyView[]> {
  // Regulators (their scope) and covered entities (their own).
  const scope = authorize(actor, 'compliance.statusRead');
  if (scope === 'own' && actor.organisationKind !== 'COMPLIANCE_ENTITY') throw fail('FORBIDDEN', { reason: 'COVERED_ENTITIES_ONLY' });
  const rows = await db().penalty.findMany({ where: { year, organisationId: await organisationScope(actor) }, orderBy: { organisationId: 'asc' } });
  const money = (d: { toString(): string }) => new Decimal(d.toString()).toFixed(2);
  return rows.map((p) => ({
    organisationId: p.organisationId, year: p.year, rule: p.rule, shortfall: Number(p.shortfall), averagePrice: money(p.averagePrice),
    fineMin: money(p.fineMin), fineMax: money(p.fineMax), fine: money(p.fine), basis: p.basis,
  }));
}
