// `npm test`: every check, in order, stopping at the first failure. Names select steps:
// `npm test -- lint types` runs only those; `npm run test:e2e` is `npm test -- build e2e`.
// Anything after the step names goes to the last step's tool:
// `npm run test:e2e -- e2e/smoke.spec.ts`, `npm test -- unit lib/migrate.test.ts`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { recreateDatabase, reserveDatabase } from "../test/databases";

const BIN = path.join(process.cwd(), "node_modules", ".bin");
const CHROMIUM = "/usr/bin/chromium";
const E2E_DATABASE = "portalscope_e2e";
// The two app servers and the embedded PostgreSQL of playwright.config.ts.
const E2E_PORTS = [3101, 3102, 54339];

interface Step {
  name: string;
  title: string;
  command: string;
  args: string[];
  /** Gets the step's environment ready: its variables, and what to undo when it ends. */
  prepare?: () => Promise<Prepared>;
}

interface Prepared {
  env: Record<string, string>;
  /** Always called when the step ends; `passed` says how. */
  finish: (passed: boolean) => Promise<void>;
}

const STEPS: Step[] = [
  { name: "lint", title: "ESLint", command: "eslint", args: [".", "--max-warnings=0"] },
  { name: "format", title: "Prettier", command: "prettier", args: ["--check", "."] },
  { name: "types", title: "TypeScript", command: "tsc", args: ["--noEmit"] },
  { name: "unit", title: "Vitest", command: "vitest", args: ["run"] },
  { name: "build", title: "next build", command: "next", args: ["build"] },
  {
    name: "e2e",
    title: "Playwright",
    command: "playwright",
    args: ["test"],
    prepare: prepareBrowserTests,
  },
];

interface Result {
  title: string;
  seconds?: number;
  ok?: boolean;
}

// Next.js would try to send telemetry to a host these machines cannot reach.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main() {
  const steps = selectSteps(process.argv.slice(2));
  if (steps.some((step) => step.name === "e2e") && !existsSync(CHROMIUM)) {
    console.error(
      `The browser tests need Chromium at ${CHROMIUM}. Install it with ` +
        "`apt-get install -y chromium` (or run .ci/run, which does). " +
        "Never `npx playwright install`: it downloads from a host these machines cannot reach.",
    );
    return 1;
  }

  const results: Result[] = steps.map((step) => ({ title: step.title }));
  for (const [index, step] of steps.entries()) {
    console.log(`\n▶ ${step.title}: ${step.command} ${step.args.join(" ")}`);
    const started = Date.now();
    const ok = await runStep(step);
    results[index] = { title: step.title, seconds: (Date.now() - started) / 1000, ok };
    if (!ok) break;
  }

  printSummary(results);
  return results.every((result) => result.ok) ? 0 : 1;
}

function selectSteps(args: string[]) {
  const isStep = (arg: string) => STEPS.some((step) => step.name === arg);
  if (args.length === 0) return STEPS;
  if (!isStep(args[0]!)) {
    console.error(`Unknown step ${args[0]}; steps are ${STEPS.map((s) => s.name).join(", ")}.`);
    process.exit(2);
  }

  const count = args.findIndex((arg) => !isStep(arg));
  const names = count === -1 ? args : args.slice(0, count);
  const extra = count === -1 ? [] : args.slice(count);
  const steps = STEPS.filter((step) => names.includes(step.name));
  const last = steps.length - 1;
  return steps.map((step, index) =>
    index === last ? { ...step, args: [...step.args, ...extra] } : step,
  );
}

async function runStep(step: Step) {
  let prepared: Prepared | undefined;
  try {
    prepared = await step.prepare?.();
  } catch (error) {
    console.error(`Could not prepare ${step.title}: ${(error as Error).message}`);
    return false;
  }

  const env = { ...process.env, ...prepared?.env };
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join(BIN, step.command), step.args, { stdio: "inherit", env });
    child.once("error", (error) => {
      console.error(`Could not run ${step.command}: ${error.message}`);
      resolve(1);
    });
    child.once("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });

  await prepared?.finish(code === 0);
  return code === 0;
}

/** A fresh database for the external-pg server and an empty DATA_DIR for the embedded one. */
async function prepareBrowserTests(): Promise<Prepared> {
  const release = await reserveDatabase(E2E_DATABASE);
  // A run that bypassed the reservation may still be using the database: leave it alone.
  const busy = (await Promise.all(E2E_PORTS.map(portInUse))).some(Boolean);
  if (busy) {
    await release();
    throw new Error(
      `a port of ${E2E_PORTS.join(", ")} is in use: another browser test run is going on. ` +
        "Wait for it to end (or stop it) and try again.",
    );
  }
  const databaseUrl = await recreateDatabase(E2E_DATABASE);
  const tmp = mkdtempSync(path.join(tmpdir(), "portalscope-e2e-"));
  // The embedded PostgreSQL runs as user "postgres", which must be able to enter this folder.
  chmodSync(tmp, 0o755);
  console.log(`Browser tests: database ${E2E_DATABASE} recreated; embedded data in ${tmp}`);

  return {
    env: {
      E2E_DATABASE_URL: databaseUrl,
      E2E_TMP_DIR: tmp,
      E2E_TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      E2E_AUTH_SECRET: randomBytes(32).toString("base64"),
    },
    finish: async (passed) => {
      await release();
      // Kept after a failure: postgres.log and the data in there help find out why.
      if (passed) rmSync(tmp, { recursive: true, force: true });
      else console.log(`Browser test data kept in ${tmp}`);
    },
  };
}

function portInUse(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(true));
    probe.listen({ port }, () => probe.close(() => resolve(false)));
  });
}

function printSummary(results: Result[]) {
  const width = Math.max(...results.map((result) => result.title.length));
  console.log("\nSummary");
  for (const { title, seconds, ok } of results) {
    const mark = ok === undefined ? "·" : ok ? "✔" : "✖";
    const detail =
      seconds === undefined ? "not run" : `${seconds.toFixed(1)} s${ok ? "" : "  FAILED"}`;
    console.log(`  ${mark} ${title.padEnd(width)}  ${detail}`);
  }
  const failed = results.find((result) => result.ok === false);
  console.log(
    failed ? `\n${failed.title} failed; later steps did not run.` : "\nAll checks passed.",
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
