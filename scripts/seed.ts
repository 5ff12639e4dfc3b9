/**
 * npm run db:seed — seeds the demo data when the database has no organisations yet (after
 * applying pending migrations). Same database rule as npm start.
 */
import { startEnv } from '../src/config/env';
import { runWithMigratedDatabase } from './withDatabase';

runWithMigratedDatabase(async (url) => {
  process.env.DATABASE_URL = url; // the seed (and the Prisma client it loads) reads this
  const { seedIfEmpty } = await import('../src/db/seed');
  const seeded = await seedIfEmpty({ demoDate: startEnv().DEMO_DATE });
  console.log(seeded ? '[seed] demo data created' : '[seed] database already has data: nothing to do');
  const { disconnectDb } = await import('../src/db/client');
  await disconnectDb();
});
