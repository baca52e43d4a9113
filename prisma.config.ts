import { defineConfig } from "prisma/config";

// Only `prisma generate` and `prisma validate` run on machines without Prisma's schema
// engine; migrations are applied by scripts/migrate.ts (see README).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/portalscope" },
});
