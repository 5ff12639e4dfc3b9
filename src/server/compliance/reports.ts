import { db } from '@/db/client';
import { problem } from '@/domain/problems';
import { totalCo2e, UnknownGasError } from '@/domain/compliance/coverage';
import type { EmissionReportCommand, VerificationCommand } from '@/schemas/compliance';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { settleNotifications } from '../notifications/notify';
import { notifyReportFiled } from '../notifications/triggers';
import { marketNow, inTransaction } from '../tx';
import { cycleOf, marketDate, policyOf } from './cycle';
import { organisationScope } from './scope';

/**
 * Emission reports (排放报告) and their verification (核查): a covered entity files a finished
 * year's emissions by source and gas (converted to tCO2e with the compliance policy's GWP table;
 * each line is stored with the factor and tCO2e it was converted with) with its production
 * output per installation, by the report deadline, and may file again until verified; the provincial regulator
 * confirms the figure or corrects it with a reason. The verified figure is the year's obligation.
 */
export interface ReportView {
  id: number;
  organisationId: number;
  year: number;
  lines: unknown;
  outputs: unknown;
  reportedCo2e: number;
  status: 'SUBMITTED' | 'VERIFIED';
  submittedAt: string;
  verifiedEmissions: number | null;
  verifiedAt: string | null;
  verificationNote: string | null;
}

type ReportRow = Awaited<ReturnType<ReturnType<typeof db>['emissionReport']['findFirstOrThrow']>>;
const view = (r: ReportRow): ReportView => ({
  id: r.id, organisationId: r.organisationId, year: r.year, lines: r.lines, outputs: r.outputs, reportedCo2e: Number(r.reportedCo2e),
  status: r.status, submittedAt: r.submittedAt.toISOString(), verifiedEmissions: r.verifiedEmissions === null ? null : Number(r.verifiedEmissions),
  verifiedAt: r.verifiedAt?.toISOString() ?? null, verificationNote: r.verificationNote,
});

export async function fileReport(actor: Actor, year: number, cmd: EmissionReportCommand): Promise<ReportView> {
  authorize(actor, 'compliance.report');
  // Only covered entities file emission reports.
  if (actor.organisationKind !== 'COMPLIANCE_ENTITY') throw fail('FORBIDDEN', { reason: 'COVERED_ENTITIES_ONLY' });
  const today = await marketDate();
  if (year >= Number(today.slice(0, 4))) throw fail('YEAR_NOT_ENDED', { year }, { year: problem('YEAR_NOT_ENDED', { year }) });
  return inTransaction(async (tx) => {
    const cycle = await cycleOf(tx, year);
    if (today > cycle.reportDeadline) throw fail('REPORT_DEADLINE_PASSED', { year, deadline: cycle.reportDeadline });
    // The GWP table in force now (policy data); each line keeps its factor and tCO2e, so a later change of the table leaves this report as filed.
    const { gwp } = await policyOf(tx);
    let converted: ReturnType<typeof totalCo2e>;
    try {
      converted = totalCo2e(cmd.lines, gwp);
    } catch (e) {
      if (e instanceof UnknownGasError) throw fail('INVALID_INPUT', {}, { 'lines.gas': problem('GAS_NOT_IN_GWP_TABLE', { gas: e.gas }) });
      throw e;
    }
    // Output figures are per installation (the allocation reads them by installation code).
    const codes = new Set((await tx.installation.findMany({ where: { organisationId: actor.organisationId }, select: { code: true } })).map((i) => i.code));
    const unknown = Object.keys(cmd.outputs).filter((k) => !codes.has(k));
    if (unknown.length) {
      const notOwn = problem('NOT_OWN_INSTALLATION', { installations: [...codes] });
      throw fail('INVALID_INPUT', {}, Object.fromEntries(unknown.map((k) => [`outputs.${k}`, notOwn])));
    }
    // One filing of an organisation at a time: the organisation row is locked before the report is
    // looked up, so parallel first filings update one report instead of racing to insert two.
    await tx.$queryRaw`SELECT id FROM organisation WHERE id = ${actor.organisationId} FOR UPDATE`;
    const existing = await tx.emissionReport.findUnique({ where: { organisationId_year: { organisationId: actor.organisationId, year } } });
    if (existing?.status === 'VERIFIED') throw fail('REPORT_ALREADY_VERIFIED', { id: existing.id, year, verifiedOn: existing.verifiedAt?.toISOString().slice(0, 10) ?? null });
    const data = { lines: converted.byLine, outputs: cmd.outputs, reportedCo2e: converted.total, submittedById: actor.userId, submittedAt: await marketNow(tx) };
    const row = existing
      ? await tx.emissionReport.update({ where: { id: existing.id }, data })
      : await tx.emissionReport.create({ data: { ...data, organisationId: actor.organisationId, year } });
    await recordAudit(tx, actor, { action: existing ? 'report.refile' : 'report.file', targetType: 'emission_report', targetId: row.id, before: existing ? view(existing) : undefined, after: view(row) });
    // The provincial regulators verify it (issue 13 §7).
    const org = await tx.organisation.findUniqueOrThrow({ where: { id: actor.organisationId }, select: { id: true, name: true, nameZh: true, provinceCode: true } });
    await notifyReportFiled(tx, { id: row.id, year, reportedCo2e: Number(row.reportedCo2e) }, org, existing !== null);
    return view(row);
  });
}

export async function verifyReport(actor: Actor, year: number, reportId: number, cmd: VerificationCommand): Promise<ReportView> {
  authorize(actor, 'compliance.verify');
  return inTransaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM emission_report WHERE id = ${reportId} AND year = ${year} FOR UPDATE`;
    if (!rows[0]) throw fail('NOT_FOUND', { what: 'report', id: reportId });
    const report = await tx.emissionReport.findUniqueOrThrow({ where: { id: reportId } });
    const org = await tx.organisation.findUniqueOrThrow({ where: { id: report.organisationId } });
    authorize(actor, 'compliance.verify', { provinceCode: org.provinceCode });
    if (report.status === 'VERIFIED') throw fail('REPORT_ALREADY_VERIFIED', { id: reportId, year, verifiedOn: report.verifiedAt?.toISOString().slice(0, 10) ?? null });
    const corrected = cmd.decision === 'CORRECT';
    const row = await tx.emissionReport.update({
      where: { id: reportId },
      data: {
        status: 'VERIFIED', verifiedEmissions: corrected ? BigInt(cmd.verifiedEmissions!) : report.reportedCo2e,
        verifiedById: actor.userId, verifiedAt: await marketNow(tx), verificationNote: cmd.note ?? null,
      },
    });
    await recordAudit(tx, actor, { action: corrected ? 'report.verify.corrected' : 'report.verify', targetType: 'emission_report', targetId: reportId, before: view(report), after: view(row) });
    // Verified: the other regulators' "report to verify" needs nobody any more.
    await settleNotifications(tx, 'REPORT_TO_VERIFY', { reportId });
    return view(row);
  });
}

/** Reports of a year: an entity sees its own; a regulator those of its province (national: all). */
export async function listReports(actor: Actor, year: number): Promise<ReportView[]> {
  const rows = await db().emissionReport.findMany({ where: { year, organisationId: await organisationScope(actor) }, orderBy: { id: 'asc' } });
  return rows.map(view);
}
