import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import type { CcerProjectCommand } from '@/schemas/registry';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction, type Tx } from '../tx';
import { marketYear } from '../compliance/cycle';

/**
 * CCER projects (核证自愿减排项目): every CCER unit is issued for a registered project, and the
 * registry keeps per account and vintage how many units came from which project (lots; see
 * CcerProvenance in ledger.ts). A project's owner decides whether its CCER are eligible offsets:
 * CCER from projects of entities covered by the national ETS in the compliance year are not
 * (DOMAIN §6). Projects are public registry data: any signed-in user may read them; the registry
 * operator registers them.
 */
/** Whether project `p`'s owner is a covered entity in `year` (then its CCER are not eligible offsets that year). */
export const ownerCoveredIn = (year: number) =>
  Prisma.sql`EXISTS (SELECT 1 FROM covered_entity c WHERE c.organisation_id = p.owner_organisation_id AND c.from_year <= ${year} AND (c.to_year IS NULL OR c.to_year >= ${year}))`;

export interface CcerProjectView {
  id: number;
  code: string;
  name: string;
  nameZh: string;
  category: string;
  provinceCode: string | null;
  owner: { organisationId: number; name: string; nameZh: string } | null;
  /** Whether the owner is a covered entity in `year` (its CCER are then not eligible offsets for that year). */
  ownerCovered: boolean;
  year: number;
  issued: number;
  /** Units of the project cancelled (surrendered as offsets or retired). */
  cancelled: number;
  registeredAt: string;
}

/** Every registered project, with eligibility for `year` (default: the market clock's year). Any signed-in user. */
export async function listCcerProjects(actor: Actor, year?: number): Promise<CcerProjectView[]> {
  authorize(actor, 'ccerProjects.read');
  return projectViews(year ?? (await marketYear()));
}

/** The projects (one, with `onlyId`) with eligibility for year `y`. */
async function projectViews(y: number, onlyId?: number): Promise<CcerProjectView[]> {
  const rows = await db().$queryRaw<{
    id: number; code: string; name: string; name_zh: string; category: string; province_code: string | null; owner_id: number | null; owner_name: string | null; owner_name_zh: string | null;
    owner_covered: boolean; issued: bigint; cancelled: bigint; registered_at: Date;
  }[]>`
    SELECT p.id, p.code, p.name, p.name_zh, p.category, p.province_code, o.id AS owner_id, o.name AS owner_name, o.name_zh AS owner_name_zh,
           ${ownerCoveredIn(y)} AS owner_covered,
           coalesce((SELECT sum(lp.quantity) FROM ccer_lot_posting lp JOIN journal_entry e ON e.id = lp.entry_id WHERE lp.project_id = p.id AND e.type = 'ISSUANCE'), 0)::bigint AS issued,
           coalesce((SELECT sum(l.quantity) FROM ccer_lot l JOIN registry_account a ON a.id = l.account_id WHERE l.project_id = p.id AND a.type = 'CANCELLATION'), 0)::bigint AS cancelled,
           p.registered_at
      FROM ccer_project p LEFT JOIN organisation o ON o.id = p.owner_organisation_id
     WHERE ${onlyId === undefined ? Prisma.sql`TRUE` : Prisma.sql`p.id = ${onlyId}`}
     ORDER BY p.code`;
  return rows.map((r) => ({
    id: r.id, code: r.code, name: r.name, nameZh: r.name_zh, category: r.category, provinceCode: r.province_code,
    owner: r.owner_id === null ? null : { organisationId: r.owner_id, name: r.owner_name!, nameZh: r.owner_name_zh! },
    ownerCovered: r.owner_covered, year: y, issued: Number(r.issued), cancelled: Number(r.cancelled), registeredAt: r.registered_at.toISOString(),
  }));
}

export async function registerCcerProject(actor: Actor, cmd: CcerProjectCommand): Promise<CcerProjectView> {
  authorize(actor, 'ccerProjects.register');
  const id = await inTransaction(async (tx) => {
    if (cmd.ownerOrganisationId !== undefined && !(await tx.organisation.findUnique({ where: { id: cmd.ownerOrganisationId }, select: { id: true } }))) {
      throw fail('UNKNOWN_ORGANISATION', { id: cmd.ownerOrganisationId }, { ownerOrganisationId: problem('FIELD_NO_SUCH', { what: 'organisation' }) });
    }
    if (cmd.provinceCode !== undefined && !(await tx.province.findUnique({ where: { code: cmd.provinceCode } }))) {
      throw fail('UNKNOWN_PROVINCE', { code: cmd.provinceCode }, { provinceCode: problem('FIELD_NO_SUCH', { what: 'province' }) });
    }
    // The unique code is the arbiter when two operators register the same code at once.
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO ccer_project (code, name, name_zh, category, province_code, owner_organisation_id, registered_by_id)
      VALUES (${cmd.code}, ${cmd.name}, ${cmd.nameZh}, ${cmd.category}, ${cmd.provinceCode ?? null}, ${cmd.ownerOrganisationId ?? null}, ${actor.userId})
      ON CONFLICT (code) DO NOTHING RETURNING id`;
    if (rows.length === 0) throw fail('CCER_PROJECT_EXISTS', { code: cmd.code }, { code: problem('FIELD_ALREADY_REGISTERED') });
    await recordAudit(tx, actor, { action: 'ccer.project.register', targetType: 'ccer_project', targetId: rows[0]!.id, after: cmd });
    return rows[0]!.id;
  });
  return (await projectViews(await marketYear(), id))[0]!;
}

/** The project's id, or a 422 naming the field when no project has that code. */
export async function ccerProjectId(tx: Tx, code: string): Promise<number> {
  const project = await tx.ccerProject.findUnique({ where: { code }, select: { id: true } });
  if (!project) throw fail('UNKNOWN_CCER_PROJECT', { code }, { project: problem('FIELD_NO_SUCH', { what: 'project' }) });
  return project.id;
}

export interface CcerLotView {
  vintage: number;
  projectId: number;
  code: string;
  name: string;
  nameZh: string;
  quantity: number;
  /** Counts as an offset for the year asked about (the owner is not a covered entity then). */
  eligible: boolean;
}

/** An account's CCER by vintage and project, with eligibility as offsets for `year` (callers check scope). */
export async function ccerLotsOf(client: Tx | ReturnType<typeof db>, accountId: number, year: number): Promise<CcerLotView[]> {
  const rows = await client.$queryRaw<{ vintage: number; project_id: number; code: string; name: string; name_zh: string; quantity: bigint; eligible: boolean }[]>`
    SELECT l.vintage, p.id AS project_id, p.code, p.name, p.name_zh, l.quantity,
           NOT ${ownerCoveredIn(year)} AS eligible
      FROM ccer_lot l JOIN ccer_project p ON p.id = l.project_id
     WHERE l.account_id = ${accountId} AND l.quantity > 0
     ORDER BY l.vintage, p.id`;
  return rows.map((r) => ({ vintage: r.vintage, projectId: r.project_id, code: r.code, name: r.name, nameZh: r.name_zh, quantity: Number(r.quantity), eligible: r.eligible }));
}
