import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";
import { approveAs, installDeps, resyncDeps, sandboxClient } from "@/test/sandbox";

import { getDb } from "../db";
import { completeInstall } from "../install/complete-install";
import { decryptToken, tokenContext } from "../token-crypto";
import { resyncInstallation } from "./resync";

const db = getDb();

beforeEach(resetDatabase);

async function install(hubId: number, userId: number) {
  const sandbox = sandboxClient();
  const outcome = await completeInstall(
    installDeps(sandbox.client),
    await approveAs(hubId, userId),
  );
  return outcome.installationId;
}

/** Pretends the access token is about to lapse, so the next re-sync must refresh it. */
async function nearExpiry(id: string) {
  await db.installation.update({
    where: { id },
    data: { accessTokenExpiresAt: new Date(Date.now() + 60_000) },
  });
}

async function tokensOf(id: string) {
  const row = await db.installation.findUniqueOrThrow({ where: { id } });
  const key = installDeps(sandboxClient().client).tokenKey;
  return {
    access: decryptToken(row.accessTokenEnc, key, tokenContext(row.hubId)),
    refresh: decryptToken(row.refreshTokenEnc, key, tokenContext(row.hubId)),
  };
}

describe("re-sync", () => {
  it("refreshes a token near expiry, re-reads the portal and user, and records both", async () => {
    const id = await install(21000001, 3000001);
    await nearExpiry(id);
    const before = await tokensOf(id);
    const sandbox = sandboxClient();

    const outcome = await resyncInstallation(resyncDeps(sandbox.client), id, "ops@example.com");

    expect(outcome).toMatchObject({ ok: true, health: "HEALTHY", refreshed: true });
    expect(sandbox.count("POST", "/oauth/2026-03/token")).toBe(1);
    const after = await tokensOf(id);
    expect(after.access).not.toBe(before.access);
    const row = await db.installation.findUniqueOrThrow({
      where: { id },
      include: { events: { orderBy: { createdAt: "asc" } } },
    });
    expect(row.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect(row.events.map((event) => [event.kind, event.actor])).toEqual([
      ["INSTALL", "ada@acme-widgets.com"],
      ["REFRESH", "ops@example.com"],
      ["RESYNC", "ops@example.com"],
    ]);
  });

  it("does not refresh a token with time left", async () => {
    const id = await install(21000001, 3000001);
    const sandbox = sandboxClient();
    const outcome = await resyncInstallation(resyncDeps(sandbox.client), id);
    expect(outcome.refreshed).toBe(false);
    expect(sandbox.count("POST", "/oauth/2026-03/token")).toBe(0);
  });

  it("twenty simultaneous re-syncs make one refresh call and agree on the result", async () => {
    const id = await install(21000002, 3000003);
    await nearExpiry(id);
    const sandbox = sandboxClient();
    const deps = resyncDeps(sandbox.client);

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => resyncInstallation(deps, id)),
    );

    expect(sandbox.count("POST", "/oauth/2026-03/token")).toBe(1);
    expect(new Set(outcomes.map((outcome) => outcome.health))).toEqual(new Set(["HEALTHY"]));
    expect(outcomes.filter((outcome) => outcome.refreshed)).toHaveLength(1);
    const row = await db.installation.findUniqueOrThrow({ where: { id } });
    expect(row.syncLockedAt).toBeNull();
    expect(
      await db.installationEvent.count({ where: { installationId: id, kind: "REFRESH" } }),
    ).toBe(1);
    // The stored token is the one HubSpot handed out last, and it works.
    const info = await sandbox.client.introspectAccessToken((await tokensOf(id)).access);
    expect(info.active).toBe(true);
  });

  it("detects an uninstall only from HubSpot's evidence, deletes nothing, and a reinstall restores it", async () => {
    const id = await install(21000001, 3000001);
    const sandbox = sandboxClient();
    await sandbox.client.uninstallApp((await tokensOf(id)).access, 21000001);

    const outcome = await resyncInstallation(resyncDeps(sandbox.client), id);
    expect(outcome.health).toBe("UNINSTALLED");
    const row = await db.installation.findUniqueOrThrow({
      where: { id },
      include: { portal: true, installingUser: true },
    });
    expect(row.uninstalledAt).not.toBeNull();
    expect(row.portal.domain).toBe("acme-widgets.com");
    expect(row.installingUser?.email).toBe("ada@acme-widgets.com");

    const again = await completeInstall(
      installDeps(sandbox.client),
      await approveAs(21000001, 3000001),
    );
    expect(again.installationId).toBe(id);
    const restored = await db.installation.findUniqueOrThrow({
      where: { id },
      include: { events: { orderBy: { createdAt: "asc" } } },
    });
    expect(restored.health).toBe("HEALTHY");
    expect(restored.uninstalledAt).toBeNull();
    expect(restored.events.map((event) => event.kind)).toEqual([
      "INSTALL",
      "UNINSTALL",
      "REINSTALL",
    ]);
  });

  it("treats a transient failure as degraded, keeps the data, and never as an uninstall", async () => {
    const id = await install(21000004, 3000006);
    const sandbox = sandboxClient({
      maxAttempts: 2,
      fetch: async () => new Response("upstream timeout", { status: 504 }),
    });

    const outcome = await resyncInstallation(resyncDeps(sandbox.client), id);
    expect(outcome).toMatchObject({ ok: false, health: "DEGRADED" });
    const row = await db.installation.findUniqueOrThrow({
      where: { id },
      include: { portal: true },
    });
    expect(row.health).toBe("DEGRADED");
    expect(row.healthReason).toMatch(/HubSpot failed .* \(504\).*retried/);
    expect(row.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now());
    expect(row.uninstalledAt).toBeNull();
    expect(row.portal.domain).toBe("staging.acme-widgets.com");

    const healed = await resyncInstallation(resyncDeps(sandboxClient().client), id);
    expect(healed.health).toBe("HEALTHY");
    const events = await db.installationEvent.findMany({
      where: { installationId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.kind)).toEqual(["INSTALL", "FAILURE", "RESYNC"]);
  });

  it("flags scope drift when the app now requires a scope the grant lacks", async () => {
    const id = await install(21000003, 3000005);
    const deps = {
      ...resyncDeps(sandboxClient().client),
      requiredScopes: ["oauth", "settings.users.read", "crm.objects.users.read"],
    };
    const outcome = await resyncInstallation(deps, id);
    expect(outcome.health).toBe("MISSING_SCOPES");
    expect(outcome.message).toContain("crm.objects.users.read");
  });

  it("re-syncing two portals at once never swaps their tokens", async () => {
    const a = await install(21000001, 3000001);
    const b = await install(21000002, 3000003);
    const sandbox = sandboxClient();
    const deps = resyncDeps(sandbox.client);

    for (let round = 0; round < 3; round++) {
      await Promise.all([nearExpiry(a), nearExpiry(b)]);
      await Promise.all([
        resyncInstallation(deps, a),
        resyncInstallation(deps, b),
        resyncInstallation(deps, a),
        resyncInstallation(deps, b),
      ]);
    }

    for (const [id, hubId] of [
      [a, 21000001],
      [b, 21000002],
    ] as const) {
      const { access, refresh } = await tokensOf(id);
      const accessInfo = await sandbox.client.introspectAccessToken(access);
      const refreshInfo = await sandbox.client.introspectRefreshToken(refresh);
      expect(accessInfo.active && accessInfo.hub_id).toBe(hubId);
      expect(refreshInfo.active && refreshInfo.hub_id).toBe(hubId);
    }
    expect(sandbox.count("POST", "/oauth/2026-03/token")).toBe(6);
  });
});
