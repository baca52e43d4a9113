// `npm run bench:resync -- [--installations 300] [--latency 50] [--concurrency 4,8,16]`
//
// Re-syncs N sandbox installations with a set sandbox latency and prints the throughput
// beside the bound that latency and the concurrency limit allow. A re-sync makes its
// HubSpot calls one after another, so one worker slot finishes at most
// 1000 / (calls per re-sync × latency) installations a second; C slots, C times that.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

import pLimit from "p-limit";

import { applyMigrations } from "../lib/migrate";
import { ADMIN_URL, recreateDatabase } from "../test/databases";

const { values } = parseArgs({
  options: {
    installations: { type: "string", default: "300" },
    latency: { type: "string", default: "50" },
    concurrency: { type: "string", default: "4,8,16" },
  },
});
const installations = Number(values.installations);
const latencyMs = Number(values.latency);
const concurrencies = values.concurrency.split(",").map(Number);

async function main() {
  process.env.DATABASE_URL = await recreateDatabase("portalscope_bench");
  process.env.TOKEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.LOG_LEVEL ??= "error";
  await applyMigrations(process.env.DATABASE_URL);

  // Loaded only now: they read the configuration set above.
  const { runAsShell } = await import("../lib/auth");
  const { getDb } = await import("../lib/db");
  const { completeInstall } = await import("../lib/install/complete-install");
  const { clearSandboxFaults, setSandboxFault } = await import("../lib/sandbox/faults");
  const { fleetPortal } = await import("../lib/sandbox/seed");
  const { createBulkResync, runBulkResync } = await import("../lib/sync/bulk");
  const { approveAs, installDeps, resyncDeps, sandboxClient } = await import("../test/sandbox");

  const db = getDb();
  const limit = pLimit(16);
  const installer = sandboxClient();
  const installStart = performance.now();
  await Promise.all(
    Array.from({ length: installations }, (_, index) =>
      limit(async () => {
        const portal = fleetPortal(index);
        const code = await approveAs(portal.hubId, portal.users[0]!.id);
        await completeInstall(installDeps(installer.client), code);
      }),
    ),
  );
  const installSeconds = (performance.now() - installStart) / 1000;
  console.log(
    `Installed ${installations} sandbox portals in ${installSeconds.toFixed(1)} s ` +
      `(PostgreSQL at ${new URL(ADMIN_URL).host}, no added latency).`,
  );

  await clearSandboxFaults();
  await setSandboxFault({ kind: "latency", ms: latencyMs });
  console.log(`\nSandbox latency: ${latencyMs} ms per HubSpot call.\n`);
  console.log("concurrency | calls/re-sync | seconds | installations/s | bound/s | of bound");
  console.log("----------- | ------------- | ------- | --------------- | ------- | --------");

  for (const concurrency of concurrencies) {
    const sandbox = sandboxClient();
    const run = await runAsShell(() => createBulkResync(db, { q: "", createdBy: "bench" }));
    const start = performance.now();
    const summary = await runBulkResync(resyncDeps(sandbox.client), run.id, { concurrency });
    const seconds = (performance.now() - start) / 1000;
    if (summary?.succeeded !== installations) {
      throw new Error(`only ${summary?.succeeded} of ${installations} re-synced`);
    }

    const callsPerResync = sandbox.calls.length / installations;
    const rate = installations / seconds;
    const bound = (concurrency * 1000) / (callsPerResync * latencyMs);
    console.log(
      [
        String(concurrency).padStart(11),
        callsPerResync.toFixed(1).padStart(13),
        seconds.toFixed(2).padStart(7),
        rate.toFixed(1).padStart(15),
        bound.toFixed(1).padStart(7),
        `${Math.round((rate / bound) * 100)}%`.padStart(8),
      ].join(" | "),
    );
  }

  await clearSandboxFaults();
  await db.$disconnect();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
