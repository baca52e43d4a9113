import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Applies prisma/migrations/<stamp>_<name>/migration.sql the way `prisma migrate deploy`
 * does, for machines where Prisma's schema engine cannot be downloaded. It keeps Prisma's
 * `_prisma_migrations` table exactly (same columns, sha256 checksums, same advisory lock),
 * so `prisma migrate status` and `deploy` elsewhere agree with what was applied here.
 *
 * Unlike Prisma, each migration runs inside one transaction: a failing migration leaves
 * no trace and can be fixed and re-run. The price: statements PostgreSQL refuses inside a
 * transaction (CREATE INDEX CONCURRENTLY, VACUUM) cannot be used in migrations.
 */

// Prisma Migrate's own lock id, so this runner and `prisma migrate deploy` also exclude
// each other, not only several copies of this runner.
const MIGRATE_LOCK_ID = 72707369;
const LOCK_WAIT = "60s";

// Byte for byte the table Prisma's schema engine creates on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export interface MigrateOptions {
  log?: (msg: string) => void;
  /** Defaults to prisma/migrations under the current directory (npm runs from the root). */
  migrationsDir?: string;
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function applyMigrations(
  databaseUrl: string,
  opts: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const local = listLocalMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();

  try {
    await acquireLock(client);
    await ensureMigrationsTable(client);
    const pending = await checkHistory(client, local, log);
    for (const migration of pending) {
      await applyOne(client, migration);
      log(`Applied migration ${migration.name}`);
    }
    return { applied: pending.map((migration) => migration.name) };
  } finally {
    // Ending the session also releases its advisory lock.
    await client.end().catch(() => {});
  }
}

export function defaultMigrationsDir() {
  return path.join(process.cwd(), "prisma", "migrations");
}

/** sha256 of the file as Prisma computes it: hex of the raw bytes. */
export function migrationChecksum(sql: string) {
  return createHash("sha256").update(sql).digest("hex");
}

function listLocalMigrations(dir: string): LocalMigration[] {
  if (!existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}`);

  // Prisma orders migrations by folder name, compared as plain strings.
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  return folders.map((name) => {
    const file = path.join(dir, name, "migration.sql");
    if (!existsSync(file)) throw new MigrationError(`Migration ${name} has no migration.sql`);
    const sql = readFileSync(file, "utf8");
    return { name, sql, checksum: migrationChecksum(sql) };
  });
}

async function acquireLock(client: pg.Client) {
  // lock_timeout bounds the wait, so a stuck process elsewhere gives an error, not a hang.
  await client.query(`SET lock_timeout = '${LOCK_WAIT}'`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_ID]);
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") {
      throw new MigrationError(
        `Another process has held the migration lock for over ${LOCK_WAIT}. ` +
          "Find it with: SELECT pid FROM pg_locks " +
          `WHERE locktype = 'advisory' AND objid = ${MIGRATE_LOCK_ID}`,
      );
    }
    throw error;
  }
  await client.query("RESET lock_timeout");
}

async function ensureMigrationsTable(client: pg.Client) {
  const { rows } = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
  );
  if (!rows[0]?.exists) await client.query(CREATE_MIGRATIONS_TABLE);
}

/** Refuses a history this runner cannot safely build on; returns what is left to apply. */
async function checkHistory(
  client: pg.Client,
  local: LocalMigration[],
  log: (msg: string) => void,
): Promise<LocalMigration[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM _prisma_migrations ORDER BY started_at`,
  );
  // Rows marked rolled back (prisma migrate resolve --rolled-back) no longer count.
  const live = rows.filter((row) => row.rolled_back_at === null);

  const failed = live.filter((row) => row.finished_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(", ");
    throw new MigrationError(
      `Migration ${names} started but never finished. Check what it changed, repair the ` +
        `database by hand, then mark it with ` +
        `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '<name>' ` +
        `(to run it again) or SET finished_at = now() (if it is fully applied).`,
    );
  }

  const byName = new Map(local.map((migration) => [migration.name, migration]));
  const changed = live.filter((row) => {
    const file = byName.get(row.migration_name);
    return file !== undefined && !checksumMatches(file.sql, row.checksum);
  });
  if (changed.length > 0) {
    const names = changed.map((row) => row.migration_name).join(", ");
    throw new MigrationError(
      `Migration ${names} was changed after it was applied to this database. ` +
        `Restore the applied version and put the change in a new migration.`,
    );
  }

  const unknown = live.filter((row) => !byName.has(row.migration_name));
  for (const row of unknown) {
    log(
      `Warning: migration ${row.migration_name} is applied to the database ` +
        "but not in this checkout",
    );
  }

  const applied = new Set(live.map((row) => row.migration_name));
  return local.filter((migration) => !applied.has(migration.name));
}

// Prisma accepts a file whose line endings git converted (CRLF <-> LF) after it was applied.
function checksumMatches(sql: string, checksum: string) {
  return [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\n", "\r\n")].some(
    (variant) => migrationChecksum(variant) === checksum,
  );
}

async function applyOne(client: pg.Client, migration: LocalMigration) {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at)
       VALUES ($1, $2, $3, now())`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: pg sends the file as one simple query, which runs every statement.
    await client.query(migration.sql);
    await client.query(
      `UPDATE _prisma_migrations
          SET finished_at = clock_timestamp(), applied_steps_count = 1
        WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back: ` +
        describeSqlError(error, migration.sql),
    );
  }
}

function describeSqlError(error: unknown, sql: string) {
  const { message, position } = error as { message?: string; position?: string };
  const at = Number(position);
  if (!Number.isInteger(at) || at < 1) return message ?? String(error);
  const line = sql.slice(0, at - 1).split("\n").length;
  return `${message} (migration.sql line ${line})`;
}
