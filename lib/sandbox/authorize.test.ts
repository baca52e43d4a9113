import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";

import { getConfig } from "../config";
import { getDb } from "../db";
import { checkAuthorizeRequest, decideSandboxInstall } from "./authorize";
import { ACME_HUB_ID, DEV_TEST_HUB_ID, ZURICH_HUB_ID } from "./seed";
import { sandboxInstallQuery } from "./testing";

const { hubspot } = getConfig();

beforeEach(() => resetDatabase());

function decide(fields: Record<string, string | undefined>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined) body.set(name, value);
  const request = new Request(`${getConfig().appUrl}/sandbox/oauth/authorize/decision`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return decideSandboxInstall(request);
}

describe("checking the install link", () => {
  it.each([
    ["an unknown client id", { client_id: "someone-else" }, "client ID"],
    ["a missing client id", { client_id: undefined }, "client ID"],
    [
      "a redirect_uri with a trailing slash",
      { redirect_uri: `${hubspot.redirectUri}/` },
      "redirect",
    ],
    [
      "a redirect_uri in other case",
      { redirect_uri: hubspot.redirectUri.toUpperCase() },
      "redirect",
    ],
    ["no scope", { scope: undefined }, "no scopes"],
    ["an empty scope", { scope: "  " }, "no scopes"],
    ["an unknown scope", { scope: "oauth contacts.everything" }, "don't exist"],
    ["an unknown optional scope", { optional_scope: "crm.objects.unicorns.read" }, "don't exist"],
    ["comma-joined scopes", { scope: "oauth,settings.users.read" }, "don't exist"],
    ["a repeated parameter", { state: ["a", "b"] }, "malformed"],
  ])("refuses %s on its own page", (_case, overrides, words) => {
    const query = { ...sandboxInstallQuery(), ...overrides };
    const check = checkAuthorizeRequest(query);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(`${check.problem} ${check.detail}`).toContain(words);
  });

  it("names the unknown scopes", () => {
    const check = checkAuthorizeRequest(sandboxInstallQuery({ scope: "oauth nope.read" }));
    expect(check.ok || check.detail).toBe("Unknown scopes: nope.read.");
  });

  it("accepts the app's own link, optional_scope being optional", () => {
    const check = checkAuthorizeRequest(sandboxInstallQuery({ optional_scope: undefined }));
    expect(check).toMatchObject({
      ok: true,
      install: { scopes: hubspot.requiredScopes, optionalScopes: [] },
    });
  });
});

describe("the consent decision", () => {
  it("approves with a 303 to the callback carrying a code and the state unchanged", async () => {
    const state = "a+b/c=d&e f~ü";
    const response = await decide({
      ...sandboxInstallQuery({ state }),
      decision: "approve",
      installingUser: `${ZURICH_HUB_ID}:3000003`,
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(hubspot.redirectUri);
    expect(location.searchParams.get("code")).toMatch(/^eu1-/);
    expect(location.searchParams.get("state")).toBe(state);

    const [grant] = await getDb().sandboxGrant.findMany();
    expect(grant).toMatchObject({
      kind: "code",
      hubId: ZURICH_HUB_ID,
      userId: 3000003,
      clientId: hubspot.clientId,
      redirectUri: hubspot.redirectUri,
    });
    expect(grant!.scopes.sort()).toEqual(
      [...hubspot.requiredScopes, ...hubspot.optionalScopes].sort(),
    );
  });

  it("denies with error=access_denied and grants nothing", async () => {
    const response = await decide({ ...sandboxInstallQuery(), decision: "deny" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_description")).toBeTruthy();
    expect(location.searchParams.get("state")).toBe("test-state");
    expect(location.searchParams.has("code")).toBe(false);
    expect(await getDb().sandboxGrant.count()).toBe(0);
  });

  it("never sends the browser to a redirect_uri changed in the posted form", async () => {
    for (const decision of ["approve", "deny"]) {
      const response = await decide({
        ...sandboxInstallQuery({ redirect_uri: "https://attacker.example/steal" }),
        decision,
        installingUser: `${ACME_HUB_ID}:3000001`,
      });
      const location = new URL(response.headers.get("location")!);
      expect(location.origin).toBe(new URL(hubspot.authorizeUrl).origin);
      expect(location.pathname).toBe(new URL(hubspot.authorizeUrl).pathname);
      expect(location.searchParams.get("sandbox_notice")).toBe("invalid-request");
    }
    expect(await getDb().sandboxGrant.count()).toBe(0);
  });

  it("sends an approval without a chosen user back to the consent page", async () => {
    const response = await decide({ ...sandboxInstallQuery(), decision: "approve" });
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/sandbox/oauth/authorize");
    expect(location.searchParams.get("sandbox_notice")).toBe("choose-installing-user");
    expect(location.searchParams.get("client_id")).toBe(hubspot.clientId);
    expect(location.searchParams.get("state")).toBe("test-state");
    expect(await getDb().sandboxGrant.count()).toBe(0);
  });

  it("refuses to install where the tier lacks a required scope", async () => {
    const response = await decide({
      ...sandboxInstallQuery({ scope: "oauth crm.objects.users.read" }),
      decision: "approve",
      installingUser: `${DEV_TEST_HUB_ID}:3000005`,
    });
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("sandbox_notice")).toBe("missing-required-scopes");
    expect(await getDb().sandboxGrant.count()).toBe(0);
  });

  it("refuses a user who isn't in the chosen portal", async () => {
    const response = await decide({
      ...sandboxInstallQuery(),
      decision: "approve",
      installingUser: `${ACME_HUB_ID}:3000003`,
    });
    expect(new URL(response.headers.get("location")!).searchParams.get("sandbox_notice")).toBe(
      "choose-installing-user",
    );
  });
});
