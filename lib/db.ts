import { PrismaPg } from "@prisma/adapter-pg";

import { getConfig } from "./config";
import { PrismaClient } from "./generated/prisma/client";

/**
 * One Prisma client per process. `npm start` sets DATABASE_URL to the embedded server
 * before the app starts, so an unset value here means the app was started another way.
 */
function createClient() {
  const url = getConfig().databaseUrl;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Portalscope with `npm start` (embedded PostgreSQL) or set DATABASE_URL.",
    );
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

const globalForPrisma = globalThis as unknown as { portalscopeDb?: PrismaClient };

export function getDb(): PrismaClient {
  // Next's dev server re-evaluates modules on every edit; keep one pool across reloads.
  return (globalForPrisma.portalscopeDb ??= createClient());
}

export type Db = PrismaClient;
