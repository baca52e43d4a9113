import path from "node:path";

import { defineConfig } from "@playwright/test";

/**
 * Every spec in e2e/ runs twice, against two servers started through scripts/start.ts as
 * `npm start` would: one on an external PostgreSQL (DATABASE_URL), one on the embedded
 * PostgreSQL it starts itself. scripts/test.ts gives each a fresh, empty database first,
 * so run these with `npm test` or `npm run test:e2e`, not `playwright test` directly.
 */

const { E2E_DATABASE_URL, E2E_TMP_DIR, E2E_TOKEN_ENCRYPTION_KEY, E2E_AUTH_SECRET } = process.env;
if (!E2E_DATABASE_URL || !E2E_TMP_DIR || !E2E_TOKEN_ENCRYPTION_KEY || !E2E_AUTH_SECRET) {
  throw new Error(
    "Run the browser tests with `npm run test:e2e` (or `npm test`): it prepares their databases.",
  );
}

const START = "node_modules/.bin/tsx --conditions=react-server scripts/start.ts";
// Fixed values so the developer's own environment (.env, live HubSpot) can't leak in.
const COMMON_ENV = {
  HUBSPOT_CLIENT_ID: "",
  HUBSPOT_CLIENT_SECRET: "",
  // Info, not warn: the secrets check reads these logs, so they must say something.
  LOG_LEVEL: "info",
};

const servers: { name: string; port: number; env: Record<string, string> }[] = [
  {
    name: "external-pg",
    port: 3101,
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      TOKEN_ENCRYPTION_KEY: E2E_TOKEN_ENCRYPTION_KEY,
      AUTH_SECRET: E2E_AUTH_SECRET,
      DATA_DIR: path.join(E2E_TMP_DIR, "external"),
    },
  },
  {
    name: "embedded-pg",
    port: 3102,
    // No DATABASE_URL and no secrets: start.ts starts PostgreSQL and generates them in DATA_DIR.
    env: {
      DATABASE_URL: "",
      TOKEN_ENCRYPTION_KEY: "",
      AUTH_SECRET: "",
      DATA_DIR: path.join(E2E_TMP_DIR, "embedded"),
      EMBEDDED_PG_PORT: "54339",
    },
  },
];

export default defineConfig({
  testDir: "e2e",
  // Specs share each server's database and build on each other's rows.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  // Sign-ins hash with bcrypt on two shared cores: give a test room beyond the default 30 s.
  timeout: 60_000,
  // The server-log reporter keeps what the servers print, for the secrets check.
  reporter: [["list"], ["html", { open: "never" }], ["./e2e/server-log-reporter.ts"]],
  use: {
    launchOptions: { executablePath: "/usr/bin/chromium" },
    trace: "retain-on-failure",
  },
  // Per server: a setup project signs the operators in, the specs run, and a teardown
  // searches everything the browser and the logs saw for secrets.
  projects: servers.flatMap(({ name, port, env }) => {
    const use = { baseURL: `http://localhost:${port}` };
    const metadata = {
      server: name,
      dataDir: env.DATA_DIR,
      databaseUrl: env.DATABASE_URL || undefined,
      embeddedPgPort: Number(env.EMBEDDED_PG_PORT) || undefined,
      tokenKey: env.TOKEN_ENCRYPTION_KEY || undefined,
      authSecret: env.AUTH_SECRET || undefined,
    };
    return [
      {
        name: `${name}-setup`,
        testMatch: /auth\.setup\.ts/,
        use,
        metadata,
        teardown: `${name}-secrets`,
      },
      { name, use, metadata, dependencies: [`${name}-setup`] },
      { name: `${name}-secrets`, testMatch: /secrets\.teardown\.ts/, use, metadata },
    ];
  }),
  webServer: servers.map(({ name, port, env }) => ({
    name,
    // scripts/test.ts has just built the app; a file edited since must not rebuild it under
    // the other server.
    command: `${START} --port ${port} --skip-build`,
    url: `http://localhost:${port}`,
    env: { ...COMMON_ENV, ...env, APP_URL: `http://localhost:${port}` },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe" as const,
    // start.ts stops Next.js and the worker (up to 10 s each), then PostgreSQL.
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 30_000 },
  })),
});
