import pg from "pg";

/**
 * Empties every app table (everything but Prisma's migration history) in the test
 * database, for tests to call in beforeEach. It refuses a database whose name does not
 * say "test", so a misdirected DATABASE_URL can't wipe real data.
 */
export async function resetDatabase() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ db: string; tables: string[] | null }>(
      `SELECT current_database() AS db,
              array_agg(format('%I.%I', schemaname, tablename)) AS tables
         FROM pg_tables
        WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
    );
    const { db, tables } = rows[0]!;
    if (!/test/.test(db)) {
      throw new Error(`resetDatabase() refuses to empty "${db}": not a test database`);
    }
    if (tables?.length)
      await client.query(`TRUNCATE ${tables.join(", ")} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}
