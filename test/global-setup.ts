import { randomBytes } from "node:crypto";

import { applyMigrations } from "@/lib/migrate";

import { recreateDatabase, reserveDatabase } from "./databases";

const TEST_DATABASE = "portalscope_vitest";

/**
 * Runs once before all test files: a fresh, migrated database that every test file shares
 * (tests call resetDatabase() from test/db.ts). It is left in place after the run so a
 * failure can be inspected, and recreated on the next run.
 */
export default async function setup() {
  const release = await reserveDatabase(TEST_DATABASE);
  const url = await recreateDatabase(TEST_DATABASE);
  await applyMigrations(url);

  // Test workers start after this and inherit these variables.
  process.env.DATABASE_URL = url;
  process.env.TOKEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  // Tests provoke HubSpot failures on purpose: their warnings would bury the results.
  // LOG_LEVEL=info npm test shows everything.
  process.env.LOG_LEVEL ??= "error";

  return release;
}
