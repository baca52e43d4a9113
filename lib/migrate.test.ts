import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { dropDatabase, recreateDatabase } from "@/test/databases";

import { applyMigrations } from "./migrate";

const REPO_MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");
// Tables of the first migration; later migrations add more.
const INITIAL_TABLES = [
  "installation",
  "installation_event",
  "installing_user",
  "oauth_state",
  "portal",
  "sandbox_grant",
];

let dbName: string;
let url: string;
const tempDirs: string[] = [];

beforeEach(async () => {
  dbName = `portalscope_migrate_test_${randomBytes(4).toString("hex")}`;
  url = await recreateDatabase(dbName);
});

afterEach(async () => {
  await dropDatabase(dbName);
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function listTables() {
  const rows = await query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((row) => row.tablename);
}

function migrationsDir(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), "portalscope-migrations-"));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) writeMigration(dir, name, sql);
  return dir;
}

function writeMigration(dir: string, name: string, sql: string) {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

function repoMigrations() {
  return readdirSync(REPO_MIGRATIONS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("applyMigrations", () => {
  it("applies the project's migrations and records them as Prisma does", async () => {
    const { applied } = await applyMigrations(url);

    expect(applied).toEqual(repoMigrations());
    expect(await listTables()).toEqual(
      expect.arrayContaining(["_prisma_migrations", ...INITIAL_TABLES]),
    );

    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>("SELECT * FROM _prisma_migrations ORDER BY migration_name");
    expect(rows).toHaveLength(applied.length);
    for (const row of rows) {
      const file = readFileSync(path.join(REPO_MIGRATIONS, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("creates the bookkeeping table with Prisma's exact columns", async () => {
    await applyMigrations(url);

    const columns = await query(
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable,
              column_default
         FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    const timestamptz = "timestamp with time zone";
    expect(columns).toEqual([
      col("id", "character varying", 36, "NO", null),
      col("checksum", "character varying", 64, "NO", null),
      col("finished_at", timestamptz, null, "YES", null),
      col("migration_name", "character varying", 255, "NO", null),
      col("logs", "text", null, "YES", null),
      col("rolled_back_at", timestamptz, null, "YES", null),
      col("started_at", timestamptz, null, "NO", "now()"),
      col("applied_steps_count", "integer", null, "NO", "0"),
    ]);
    const [pk] = await query<{ columns: string }>(
      `SELECT string_agg(a.attname, ',') AS columns
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = '_prisma_migrations'::regclass AND i.indisprimary`,
    );
    expect(pk?.columns).toBe("id");
  });

  it("does nothing when run again", async () => {
    await applyMigrations(url);
    const before = await query("SELECT id, started_at, finished_at FROM _prisma_migrations");

    const second = await applyMigrations(url);

    expect(second.applied).toEqual([]);
    expect(await query("SELECT id, started_at, finished_at FROM _prisma_migrations")).toEqual(
      before,
    );
  });

  it("applies each migration once when several processes start together", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => applyMigrations(url)));

    const appliedByAnyone = results.flatMap((result) => result.applied);
    expect(appliedByAnyone.sort()).toEqual(repoMigrations());
    const counts = await query<{ migration_name: string; n: number }>(
      "SELECT migration_name, count(*)::int AS n FROM _prisma_migrations GROUP BY migration_name",
    );
    expect(counts.every((row) => row.n === 1)).toBe(true);
    expect(await listTables()).toEqual(
      expect.arrayContaining(["_prisma_migrations", ...INITIAL_TABLES]),
    );
  });

  it("applies only new migrations, in folder-name order", async () => {
    const dir = migrationsDir({ "20260101000000_first": "CREATE TABLE a (id int PRIMARY KEY);" });
    await applyMigrations(url, { migrationsDir: dir });
    writeMigration(dir, "20260301000000_third", "ALTER TABLE b ADD COLUMN note text;");
    writeMigration(dir, "20260201000000_second", "CREATE TABLE b (a_id int REFERENCES a (id));");

    const { applied } = await applyMigrations(url, { migrationsDir: dir });

    expect(applied).toEqual(["20260201000000_second", "20260301000000_third"]);
    expect(await listTables()).toEqual(["_prisma_migrations", "a", "b"]);
  });

  it("refuses a migration edited after it was applied, and applies nothing after it", async () => {
    const dir = migrationsDir({ "20260101000000_first": "CREATE TABLE a (id int);\n" });
    await applyMigrations(url, { migrationsDir: dir });
    writeMigration(dir, "20260101000000_first", "CREATE TABLE a (id bigint);\n");
    writeMigration(dir, "20260201000000_second", "CREATE TABLE b (id int);\n");

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /20260101000000_first was changed after it was applied/,
    );
    expect(await listTables()).toEqual(["_prisma_migrations", "a"]);
  });

  it("accepts a migration whose line endings git converted, as Prisma does", async () => {
    const dir = migrationsDir({ "20260101000000_first": "CREATE TABLE a (id int);\n\n" });
    await applyMigrations(url, { migrationsDir: dir });
    writeMigration(dir, "20260101000000_first", "CREATE TABLE a (id int);\r\n\r\n");

    await expect(applyMigrations(url, { migrationsDir: dir })).resolves.toEqual({ applied: [] });
  });

  it("refuses to go on after a migration that never finished", async () => {
    const dir = migrationsDir({ "20260101000000_first": "CREATE TABLE a (id int);" });
    await applyMigrations(url, { migrationsDir: dir });
    await query("UPDATE _prisma_migrations SET finished_at = NULL");
    writeMigration(dir, "20260201000000_second", "CREATE TABLE b (id int);");

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /20260101000000_first started but never finished/,
    );
    expect(await listTables()).toEqual(["_prisma_migrations", "a"]);
  });

  it("rolls a failing migration back completely, and applies it once fixed", async () => {
    const dir = migrationsDir({
      "20260101000000_first": "CREATE TABLE a (id int);",
      "20260201000000_broken": "CREATE TABLE b (id int);\nINSERT INTO missing VALUES (1);\n",
    });

    const failure = applyMigrations(url, { migrationsDir: dir });
    await expect(failure).rejects.toThrow(/20260201000000_broken failed and was rolled back/);
    await expect(failure).rejects.toThrow(/"missing" does not exist \(migration.sql line 2\)/);
    expect(await listTables()).toEqual(["_prisma_migrations", "a"]);
    const names = await query("SELECT migration_name FROM _prisma_migrations");
    expect(names).toEqual([{ migration_name: "20260101000000_first" }]);

    writeMigration(dir, "20260201000000_broken", "CREATE TABLE b (id int);\n");
    const { applied } = await applyMigrations(url, { migrationsDir: dir });
    expect(applied).toEqual(["20260201000000_broken"]);
  });
});

function col(
  column_name: string,
  data_type: string,
  length: number | null,
  is_nullable: string,
  column_default: string | null,
) {
  return { column_name, data_type, length, is_nullable, column_default };
}
