import { db } from '@/db/client';
import { loadActor } from '@/server/identity/actor';
import { provinceOverview } from '@/server/registry/queries';
import { listReports } from '@/server/compliance/reports';
import { complianceStatusesOf } from '@/server/compliance/surrenders';
import { listCoveredEntities } from '@/server/compliance/coveredEntities';
const u = await db().user.findFirstOrThrow({ where: { roles: { has: 'NATIONAL_REGULATOR' } } });
const actor = (await loadActor(u.id))!;
const time = async <T,>(label: string, f: () => Promise<T>) => { const t0 = performance.now(); const v = await f(); console.log(label, (performance.now() - t0).toFixed(0), 'ms'); return v; };
for (let i = 0; i < 2; i++) {
  const orgs = await time('provinceOverview', () => provinceOverview(actor));
  await time('listReports', () => listReports(actor, 2025));
  const ids = orgs.filter((o) => o.kind === 'COMPLIANCE_ENTITY').map((o) => o.organisationId);
  await time('statuses', () => complianceStatusesOf(actor, 2025, ids));
  await time('coveredEntities', () => listCoveredEntities(actor, 2026));
}
process.exit(0);
