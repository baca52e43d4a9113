import pLimit from "p-limit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";
import { approveAs, installDeps, resyncDeps, sandboxClient } from "@/test/sandbox";

import { runAsShell } from "../auth";
import { getDb } from "../db";
import { completeInstall } from "../install/complete-install";
import { clearSandboxFaults, setSandboxFault } from "../sandbox/faults";
import { FLEET_FIRST_HUB_ID, fleetPortal } from "../sandbox/seed";
import { cancelBulkResync, createBulkResync, runBulkResync } from "./bulk";

const db = getDb();
const FLEET = 500;

async function installFleet(count: number) {
  const { client } = sandboxClient();
  const limit = pLimit(16);
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      limit(async () => {
        const portal = fleetPortal(index);
        await completeInstall(
          installDeps(client),
          await approveAs(portal.hubId, portal.users[0]!.id),
        );
      }),
    ),
  );
}

beforeAll(async () => {
  await resetDatabase();
  await installFleet(FLEET);
}, 120_000);

afterEach(() => clearSandboxFaults());

describe("bulk re-sync", () => {
  it("re-syncs 500 installations through 20% transient faults: all synced, none uninstalled, no event lost", async () => {
    // One call in five fails in a way that proves nothing about the grant.
    await setSandboxFault({ kind: "server_error", status: 503, probability: 0.08 });
    await setSandboxFault({ kind: "server_error", status: 502, probability: 0.04 });
    await setSandboxFault({ kind: "malformed_json", probability: 0.04 });
    await setSandboxFault({
      kind: "rate_limit",
      policyName: "TEN_SECONDLY_ROLLING",
      retryAfterSeconds: 0,
      probability: 0.04,
    });
    const startedAt = new Date();
    // Make half of them refresh their tokens on the way.
    await db.installation.updateMany({
      where: { hubId: { lt: FLEET_FIRST_HUB_ID + FLEET / 2 } },
      data: { accessTokenExpiresAt: new Date(Date.now() + 60_000) },
    });

    const run = await runAsShell(() =>
      createBulkResync(db, { q: "fleet-", createdBy: "ops@example.com" }),
    );
    expect(run.total).toBe(FLEET);
    const sandbox = sandboxClient();
    const summary = await runBulkResync(resyncDeps(sandbox.client), run.id, {
      concurrency: 16,
      retryDelayMs: 5,
    });

    expect(summary).toMatchObject({
      status: "done",
      total: FLEET,
      succeeded: FLEET,
      failed: 0,
      skipped: 0,
    });
    expect(await db.installation.count({ where: { health: "UNINSTALLED" } })).toBe(0);
    expect(
      await db.installation.count({
        where: { health: "HEALTHY", lastSyncedAt: { gte: startedAt } },
      }),
    ).toBe(FLEET);
    expect(
      await db.installationEvent.count({
        where: { kind: "RESYNC", createdAt: { gte: startedAt } },
      }),
    ).toBe(FLEET);
    expect(
      await db.installationEvent.count({
        where: { kind: "REFRESH", createdAt: { gte: startedAt } },
      }),
    ).toBe(FLEET / 2);
    // The faults did fire, and each failed attempt left its event.
    const failures = await db.installationEvent.count({
      where: { kind: "FAILURE", createdAt: { gte: startedAt } },
    });
    const perInstallation = await db.installation.findMany({
      select: {
        events: {
          where: { createdAt: { gte: startedAt } },
          orderBy: { createdAt: "asc" },
          select: { kind: true },
        },
      },
    });
    for (const { events } of perInstallation) expect(events.at(-1)?.kind).toBe("RESYNC");
    expect(
      perInstallation.flatMap(({ events }) => events).filter((event) => event.kind === "FAILURE"),
    ).toHaveLength(failures);
    // Refresh calls may be retried after a 5xx, but only the installations that needed one
    // made them.
    expect(sandbox.count("POST", "/oauth/2026-03/token")).toBeGreaterThanOrEqual(FLEET / 2);
    expect(sandbox.count("POST", "/oauth/2026-03/token")).toBeLessThan(FLEET);
  }, 180_000);

  it("selects by search and health, and stops on cancel", async () => {
    const run = await runAsShell(() =>
      createBulkResync(db, { q: "fleet-1", health: "HEALTHY", createdBy: "ops@example.com" }),
    );
    // fleet-1, fleet-10..19, fleet-100..199: 111 portals.
    expect(run.total).toBe(111);
    await setSandboxFault({ kind: "latency", ms: 50 });
    const running = runBulkResync(resyncDeps(sandboxClient().client), run.id, { concurrency: 2 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await runAsShell(() => cancelBulkResync(db, run.id))).toBe(true);
    const summary = await running;
    expect(summary?.status).toBe("cancelled");
    expect(summary!.skipped).toBeGreaterThan(0);
    expect(summary!.succeeded + summary!.failed + summary!.skipped).toBe(111);
  }, 60_000);
});
