import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resetDatabase } from "./db";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(() => client.connect());
afterAll(() => client.end());

async function count(table: string) {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n;
}

describe("resetDatabase", () => {
  it("empties app tables, linked rows included, and keeps the migration history", async () => {
    await client.query(
      `INSERT INTO portal (hub_id, domain, updated_at) VALUES (42, 'a.com', now())`,
    );
    await client.query(
      `INSERT INTO installing_user (id, hub_id, user_id, email, updated_at)
       VALUES (gen_random_uuid(), 42, 7, 'ada@a.com', now())`,
    );
    const migrations = await count("_prisma_migrations");

    await resetDatabase();

    expect(await count("portal")).toBe(0);
    expect(await count("installing_user")).toBe(0);
    expect(migrations).toBeGreaterThan(0);
    expect(await count("_prisma_migrations")).toBe(migrations);
  });

  it("runs against the migrated test database set up for this run", async () => {
    const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
    expect(rows[0]?.db).toBe("portalscope_vitest");
  });
});
