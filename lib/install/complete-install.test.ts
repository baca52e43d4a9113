import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";
import { approveAs, installDeps, sandboxClient } from "@/test/sandbox";

import { getDb } from "../db";
import { HubSpotError } from "../hubspot/errors";
import { decryptToken, tokenContext } from "../token-crypto";
import { completeInstall } from "./complete-install";

const db = getDb();

beforeEach(resetDatabase);

describe("completing an install against the sandbox", () => {
  it("stores the portal, the installing user and encrypted tokens, and an install event", async () => {
    const sandbox = sandboxClient();
    const code = await approveAs(21000001, 3000001);
    const outcome = await completeInstall(installDeps(sandbox.client), code);

    expect(outcome).toMatchObject({
      hubId: 21000001,
      domain: "acme-widgets.com",
      userEmail: "ada@acme-widgets.com",
      userName: "Ada Lovelace",
      reinstall: false,
    });
    const row = await db.installation.findUniqueOrThrow({
      where: { hubId: 21000001 },
      include: { portal: true, installingUser: true, events: true },
    });
    expect(row.portal).toMatchObject({
      accountType: "STANDARD",
      timeZone: "America/New_York",
      companyCurrency: "USD",
      dataHostingLocation: "na1",
      uiDomain: "app.hubspot.com",
    });
    expect(row.installingUser).toMatchObject({
      userId: 3000001,
      superAdmin: true,
      jobTitle: "Head of Operations",
    });
    expect(row.scopes).toEqual(
      expect.arrayContaining(["oauth", "settings.users.read", "crm.objects.users.read"]),
    );
    expect(row.appId).toBe(4242001);
    expect(row.tokenType).toBe("bearer");
    expect(row.health).toBe("HEALTHY");
    expect(row.events.map((event) => event.kind)).toEqual(["INSTALL"]);

    // Encrypted at rest, readable with the key, bound to the portal.
    const access = decryptToken(
      row.accessTokenEnc,
      installDeps(sandbox.client).tokenKey,
      tokenContext(21000001),
    );
    expect(access.length).toBeGreaterThan(100);
    expect(row.accessTokenEnc).not.toContain(access);
    expect(sandbox.count("POST", "/oauth/2026-03/token")).toBe(1);
    expect(sandbox.count("POST", "/oauth/2026-03/token/introspect")).toBe(2);
  });

  it("handles the awkward portals: EU hosting, non-ASCII names, no domain, dropped optional scope", async () => {
    const sandbox = sandboxClient();
    const eu = await completeInstall(
      installDeps(sandbox.client),
      await approveAs(21000002, 3000003),
    );
    expect(eu.userName).toBe("Zoë Ølander-Müller");
    const bare = await completeInstall(
      installDeps(sandbox.client),
      await approveAs(21000003, 3000005),
    );
    expect(bare.domain).toBeNull();
    expect(bare.userName).toBe("");
    expect(bare.userEmail).toBe("dev-test@example.org");
    expect(bare.scopes).not.toContain("crm.objects.users.read");
    const portal = await db.portal.findUniqueOrThrow({ where: { hubId: 21000002 } });
    expect(portal.dataHostingLocation).toBe("eu1");
  });

  it("reinstalling updates the same installation, keeps its history, and adds an event", async () => {
    const sandbox = sandboxClient();
    const first = await completeInstall(
      installDeps(sandbox.client),
      await approveAs(21000001, 3000001),
    );
    const before = await db.installation.findUniqueOrThrow({ where: { id: first.installationId } });
    const second = await completeInstall(
      installDeps(sandbox.client),
      await approveAs(21000001, 3000002),
    );

    expect(second.installationId).toBe(first.installationId);
    expect(second.reinstall).toBe(true);
    expect(await db.installation.count()).toBe(1);
    const after = await db.installation.findUniqueOrThrow({
      where: { id: first.installationId },
      include: { installingUser: true, events: { orderBy: { createdAt: "asc" } } },
    });
    expect(after.installingUser?.email).toBe("grace+hubspot@acme-widgets.com");
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.installedAt).toEqual(before.installedAt);
    expect(after.events.map((event) => event.kind)).toEqual(["INSTALL", "REINSTALL"]);
    expect(await db.installingUser.count()).toBe(2);
  });

  it("refuses a reused code and writes nothing", async () => {
    const sandbox = sandboxClient();
    const code = await approveAs(21000004, 3000006);
    await completeInstall(installDeps(sandbox.client), code);
    await resetDatabase();

    const error = await completeInstall(installDeps(sandbox.client), code).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(HubSpotError);
    expect((error as HubSpotError).kind).toBe("rejected");
    expect(await db.portal.count()).toBe(0);
    expect(await db.installation.count()).toBe(0);
  });

  it("writes nothing when HubSpot fails half way through, and hands the grant back", async () => {
    const paths: string[] = [];
    const sandbox = sandboxClient({
      maxAttempts: 1,
      fetch: async (input, init) => {
        const url = new URL(new Request(input, init).url);
        paths.push(url.pathname);
        if (url.pathname.endsWith("/account-info/v3/details")) {
          return new Response("<html>502 Bad Gateway</html>", { status: 502 });
        }
        return sandboxClient().fetch(input, init);
      },
    });
    const error = await completeInstall(
      installDeps(sandbox.client),
      await approveAs(21000001, 3000001),
    ).catch((caught) => caught);
    expect((error as HubSpotError).kind).toBe("server");
    expect(await db.portal.count()).toBe(0);
    expect(await db.installingUser.count()).toBe(0);
    expect(await db.installation.count()).toBe(0);
    expect(paths.at(-1)).toBe("/sandbox/api/oauth/2026-03/token/revoke");
  });
});

describe("the deprecated v1 token endpoints", () => {
  beforeEach(resetDatabase);

  it("install the app when HUBSPOT_TOKEN_API=v1", async () => {
    const sandbox = sandboxClient({ tokenApi: "v1" });
    const outcome = await completeInstall(
      installDeps(sandbox.client),
      await approveAs(21000002, 3000004),
    );
    expect(outcome.userEmail).toBe("jose.nunez@buecher-zuerich.ch");
    expect(sandbox.count("POST", "/oauth/v1/token")).toBe(1);
    expect(sandbox.count("GET", /^\/oauth\/v1\/(access|refresh)-tokens\//)).toBe(2);
    const row = await db.installation.findUniqueOrThrow({ where: { hubId: 21000002 } });
    expect(row.appId).toBe(4242001);
  });
});
