// `npm run db:migrate`: applies pending migrations to DATABASE_URL (see lib/migrate.ts).
// `npm start` migrates by itself; this is for a shared database migrated before a deploy.
import { ConfigError, getConfig } from "../lib/config";
import { applyMigrations, MigrationError } from "../lib/migrate";

async function main() {
  const url = getConfig().databaseUrl;
  if (!url) {
    console.error(
      "DATABASE_URL is not set. `npm start` migrates its embedded database by itself; " +
        "set DATABASE_URL to migrate another one.",
    );
    return 1;
  }

  const { applied } = await applyMigrations(url, { log: (msg) => console.log(msg) });
  console.log(
    applied.length ? `${applied.length} migration(s) applied.` : "Database is up to date.",
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error("Configuration problems:");
      for (const problem of error.problems) console.error(`  - ${problem}`);
    } else if (error instanceof MigrationError) {
      console.error(error.message);
    } else {
      // pg's connection errors name host and port, never the password.
      console.error(`Could not migrate: ${(error as Error).message}`);
    }
    process.exit(1);
  },
);
