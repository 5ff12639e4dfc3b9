import { defineConfig } from 'prisma/config';

// The Prisma CLI reads the connection from here (migrate deploy, studio). `prisma generate`
// needs no database. At run time the app connects through the @prisma/adapter-pg driver
// adapter (src/db/client.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5433/carbon' },
});
