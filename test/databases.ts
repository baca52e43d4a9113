import pg from "pg";

/**
 * Throwaway databases on the real PostgreSQL server tests run against (trust auth on
 * 127.0.0.1:5432 on the CI machine). Used by Vitest's global setup, tests that need a
 * database of their own, and scripts/test.ts for the browser tests.
 */

export const ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Keeps the named test database for this run: another run on the same machine (a second
 * checkout, a colleague) waits here instead of dropping it mid-run. The lock is held by a
 * session, so a run that crashes releases it too. Call the returned function when done.
 */
export async function reserveDatabase(name: string) {
  const holder = await connectAdmin();
  const { rows } = await holder.query<{ ok: boolean }>(
    "SELECT pg_try_advisory_lock(hashtext($1)) AS ok",
    [name],
  );
  if (!rows[0]?.ok) {
    console.log(`Waiting for another test run that is using database ${name}...`);
    await holder.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
  }
  return () => holder.end();
}

/** Drops the database if a previous run left it, creates it empty, and returns its URL. */
export async function recreateDatabase(name: string) {
  await withAdmin(async (admin) => {
    const id = admin.escapeIdentifier(name);
    await admin.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${id}`);
  });
  return databaseUrl(name);
}

export async function dropDatabase(name: string) {
  await withAdmin((admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

async function connectAdmin() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    const where = new URL(ADMIN_URL).host;
    throw new Error(
      `Cannot reach the test PostgreSQL server at ${where} (${(error as Error).message}). ` +
        "Tests need a real server; set TEST_DATABASE_ADMIN_URL if it is not on 127.0.0.1:5432.",
    );
  }
  return admin;
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>) {
  const admin = await connectAdmin();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
