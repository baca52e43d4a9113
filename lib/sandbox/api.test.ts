import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { resetDatabase } from "@/test/db";

import { getConfig } from "../config";
import { getDb } from "../db";
import { hashSecret } from "./grants";
import { RATE_LIMIT_MAX, resetSandboxRateLimits } from "./rate-limit";
import { ACME_HUB_ID, DEV_TEST_HUB_ID, STAGING_HUB_ID, ZURICH_HUB_ID } from "./seed";
import { callSandboxApi, createSandboxCode, installWithSandbox } from "./testing";

const { hubspot } = getConfig();
const ADA = 3000001;
const GRACE = 3000002;

function exchangeForm(code: string, overrides: Record<string, string> = {}) {
  return {
    grant_type: "authorization_code",
    client_id: hubspot.clientId,
    client_secret: hubspot.clientSecret,
    redirect_uri: hubspot.redirectUri,
    code,
    ...overrides,
  };
}

function refreshForm(refreshToken: string, overrides: Record<string, string> = {}) {
  return {
    grant_type: "refresh_token",
    client_id: hubspot.clientId,
    client_secret: hubspot.clientSecret,
    refresh_token: refreshToken,
    ...overrides,
  };
}

function introspect(token: string, hint = "access_token") {
  return callSandboxApi("POST", "/oauth/2026-03/token/introspect", {
    form: {
      client_id: hubspot.clientId,
      client_secret: hubspot.clientSecret,
      token,
      token_type_hint: hint,
    },
  });
}

beforeEach(async () => {
  await resetDatabase();
  resetSandboxRateLimits();
});

describe("installing through the sandbox", () => {
  it("hands out a region-prefixed code and HubSpot-shaped tokens for it", async () => {
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    expect(code).toMatch(/^na1-[0-9a-f-]{36}$/);

    const response = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: exchangeForm(code),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json;charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: "bearer",
      token_use: "access_token",
      expires_in: 1800,
      hub_id: ACME_HUB_ID,
      user_id: ADA,
    });
    expect(body.access_token.length).toBeGreaterThanOrEqual(200);
    expect(body.access_token.length).toBeLessThanOrEqual(300);
    expect(body.refresh_token).toMatch(/^na1-/);
    expect(body.scopes.sort()).toEqual(
      [...hubspot.requiredScopes, ...hubspot.optionalScopes].sort(),
    );
  });

  it("prefixes codes and refresh tokens of the EU portal with eu1-", async () => {
    const tokens = await installWithSandbox(ZURICH_HUB_ID, 3000003);
    expect(tokens.refresh_token).toMatch(/^eu1-/);
    expect(await createSandboxCode(ZURICH_HUB_ID, 3000004)).toMatch(/^eu1-/);
  });

  it("drops an optional scope the portal's tier lacks, silently", async () => {
    const tokens = await installWithSandbox(DEV_TEST_HUB_ID, 3000005);
    expect(tokens.scopes).not.toContain("crm.objects.users.read");
    expect(tokens.scopes).toEqual(expect.arrayContaining(hubspot.requiredScopes));
  });

  it("stores only hashes of codes and tokens", async () => {
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    const response = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: exchangeForm(code),
    });
    const tokens = await response.json();

    const rows = await getDb().sandboxGrant.findMany();
    const stored = JSON.stringify(rows);
    for (const secret of [code, tokens.access_token, tokens.refresh_token]) {
      expect(stored).not.toContain(secret);
      expect(rows.some((row) => row.secretHash === hashSecret(secret))).toBe(true);
    }
  });
});

describe("code exchange", () => {
  it("accepts a code once, on v1 as on 2026-03", async () => {
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    const first = await callSandboxApi("POST", "/oauth/v1/token", { form: exchangeForm(code) });
    expect(first.status).toBe(200);

    const again = await callSandboxApi("POST", "/oauth/v1/token", { form: exchangeForm(code) });
    expect(again.status).toBe(400);
    const legacy = await again.json();
    expect(legacy).toMatchObject({ status: "BAD_AUTH_CODE" });
    expect(legacy).not.toHaveProperty("error");

    const rfc = await callSandboxApi("POST", "/oauth/2026-03/token", { form: exchangeForm(code) });
    expect(await rfc.json()).toMatchObject({ status: "BAD_AUTH_CODE", error: "invalid_grant" });
  });

  it("lets only one of two simultaneous exchanges of a code succeed", async () => {
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        callSandboxApi("POST", "/oauth/2026-03/token", { form: exchangeForm(code) }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400]);
  });

  it("refuses an expired code with EXPIRED_AUTH_CODE", async () => {
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    await getDb().sandboxGrant.update({
      where: { secretHash: hashSecret(code) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const response = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: exchangeForm(code),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      status: "EXPIRED_AUTH_CODE",
      error: "invalid_grant",
    });
  });

  it("gives codes a five-minute life", async () => {
    const before = Date.now();
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    const row = await getDb().sandboxGrant.findUniqueOrThrow({
      where: { secretHash: hashSecret(code) },
    });
    const lifetime = row.expiresAt!.getTime() - before;
    expect(lifetime).toBeGreaterThan(4.9 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000 + 1000);
  });

  it("refuses a different redirect_uri without spending the code", async () => {
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    const wrong = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: exchangeForm(code, { redirect_uri: `${hubspot.redirectUri}/` }),
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      status: "BAD_REDIRECT_URI",
      error: "invalid_grant",
    });

    const right = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: exchangeForm(code),
    });
    expect(right.status).toBe(200);
  });

  it("refuses a wrong client secret or client id as invalid_client", async () => {
    const code = await createSandboxCode(ACME_HUB_ID, ADA);
    const wrongClients: Record<string, string>[] = [
      { client_secret: "nope" },
      { client_id: "someone-else" },
    ];
    for (const overrides of wrongClients) {
      const response = await callSandboxApi("POST", "/oauth/2026-03/token", {
        form: exchangeForm(code, overrides),
      });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body).toMatchObject({ status: "BAD_CLIENT_ID", error: "invalid_client" });
      expect(JSON.stringify(body)).not.toContain(hubspot.clientSecret);
    }

    const after = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: exchangeForm(code),
    });
    expect(after.status).toBe(200);
  });

  it("refuses an unknown grant type", async () => {
    const response = await callSandboxApi("POST", "/oauth/v3/token", {
      form: { ...refreshForm("x"), grant_type: "password" },
    });
    expect(await response.json()).toMatchObject({ error: "unsupported_grant_type" });
  });
});

describe("refresh", () => {
  it("issues a new working access token and keeps the refresh token", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const response = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: refreshForm(tokens.refresh_token),
    });
    expect(response.status).toBe(200);
    const refreshed = await response.json();
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
    expect(refreshed).toMatchObject({ expires_in: 1800, hub_id: ACME_HUB_ID, user_id: ADA });
    expect(refreshed.scopes).toEqual(tokens.scopes);

    const details = await callSandboxApi("GET", "/account-info/v3/details", {
      bearer: refreshed.access_token,
    });
    expect(details.status).toBe(200);
  });

  it("takes the v1 refresh token and secret from the query string too", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const query = new URLSearchParams({
      client_secret: hubspot.clientSecret,
      refresh_token: tokens.refresh_token,
    });
    const response = await callSandboxApi("POST", `/oauth/v1/token?${query}`, {
      form: { grant_type: "refresh_token", client_id: hubspot.clientId },
    });
    expect(response.status).toBe(200);
  });

  it("refuses an unknown refresh token with BAD_REFRESH_TOKEN", async () => {
    const response = await callSandboxApi("POST", "/oauth/v1/token", {
      form: refreshForm("na1-00000000-0000-0000-0000-000000000000"),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      status: "BAD_REFRESH_TOKEN",
      message: "missing or invalid refresh token",
    });
  });
});

describe("introspection and revocation", () => {
  it("describes a live access token and a live refresh token", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, GRACE);

    const access = await (await introspect(tokens.access_token)).json();
    expect(access).toMatchObject({
      active: true,
      token_use: "access_token",
      hub_id: ACME_HUB_ID,
      hub_domain: "acme-widgets.com",
      user: "grace+hubspot@acme-widgets.com",
      user_id: GRACE,
      app_id: hubspot.appId,
      client_id: hubspot.clientId,
      scopes: tokens.scopes,
      is_private_distribution: false,
    });
    expect(access.expires_in).toBeGreaterThan(1790);
    expect(access.signed_access_token).toMatchObject({
      hubId: ACME_HUB_ID,
      installingUserId: GRACE,
      hublet: "na1",
      appId: hubspot.appId,
    });

    const refresh = await (await introspect(tokens.refresh_token, "refresh_token")).json();
    expect(refresh).toMatchObject({
      active: true,
      token_use: "refresh_token",
      hub_id: ACME_HUB_ID,
    });
    expect(refresh).not.toHaveProperty("signed_access_token");
  });

  it("leaves hub_domain out for a portal without a domain", async () => {
    const tokens = await installWithSandbox(DEV_TEST_HUB_ID, 3000005);
    const body = await (await introspect(tokens.access_token)).json();
    expect(body.active).toBe(true);
    expect(body).not.toHaveProperty("hub_domain");
    expect(body.user).toBe("dev-test@example.org");
  });

  it("shows a refresh token revoked on 2026-03 as inactive, and stops it refreshing", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const revoke = await callSandboxApi("POST", "/oauth/2026-03/token/revoke", {
      form: {
        client_id: hubspot.clientId,
        client_secret: hubspot.clientSecret,
        token: tokens.refresh_token,
        token_type_hint: "refresh_token",
      },
    });
    expect(revoke.status).toBe(200);

    const info = await introspect(tokens.refresh_token, "refresh_token");
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ active: false });

    const refresh = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: refreshForm(tokens.refresh_token),
    });
    expect(await refresh.json()).toMatchObject({ status: "BAD_REFRESH_TOKEN" });

    // Revoking the refresh token leaves issued access tokens working, as HubSpot documents.
    const details = await callSandboxApi("GET", "/account-info/v3/details", {
      bearer: tokens.access_token,
    });
    expect(details.status).toBe(200);
  });

  it("deletes a refresh token on v1, after which v1 metadata refuses it", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const path = `/oauth/v1/refresh-tokens/${encodeURIComponent(tokens.refresh_token)}`;

    const before = await callSandboxApi("GET", path);
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ token_type: "refresh", hub_id: ACME_HUB_ID });

    expect((await callSandboxApi("DELETE", path)).status).toBe(204);
    const after = await callSandboxApi("GET", path);
    expect(after.status).toBe(400);
    expect(await after.json()).toMatchObject({ status: "BAD_REFRESH_TOKEN" });
    expect((await callSandboxApi("DELETE", path)).status).toBe(400);
    expect(await (await introspect(tokens.refresh_token)).json()).toEqual({ active: false });
  });

  it("answers unknown and expired tokens with active:false, and v1 with 401", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    expect(await (await introspect("C-not-a-token")).json()).toEqual({ active: false });

    await getDb().sandboxGrant.update({
      where: { secretHash: hashSecret(tokens.access_token) },
      data: { expiresAt: new Date(Date.now() - 120_000) },
    });
    expect(await (await introspect(tokens.access_token)).json()).toEqual({ active: false });

    const legacy = await callSandboxApi("GET", `/oauth/v1/access-tokens/${tokens.access_token}`);
    expect(legacy.status).toBe(401);
    expect(await legacy.json()).toMatchObject({ category: "EXPIRED_AUTHENTICATION" });
  });

  it("refuses introspection with a wrong client secret instead of calling tokens inactive", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const response = await callSandboxApi("POST", "/oauth/2026-03/token/introspect", {
      form: { client_id: hubspot.clientId, client_secret: "wrong", token: tokens.access_token },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });
});

describe("uninstall", () => {
  it("revokes every code and token of the portal, and only that portal", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const pendingCode = await createSandboxCode(ACME_HUB_ID, GRACE);
    const other = await installWithSandbox(STAGING_HUB_ID, 3000006);

    const uninstall = await callSandboxApi("DELETE", "/appinstalls/v3/external-install", {
      bearer: tokens.access_token,
    });
    expect(uninstall.status).toBe(204);

    const details = await callSandboxApi("GET", "/account-info/v3/details", {
      bearer: tokens.access_token,
    });
    expect(details.status).toBe(401);
    expect(await (await introspect(tokens.access_token)).json()).toEqual({ active: false });
    expect(await (await introspect(tokens.refresh_token)).json()).toEqual({ active: false });
    const refresh = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: refreshForm(tokens.refresh_token),
    });
    expect(await refresh.json()).toMatchObject({
      status: "BAD_REFRESH_TOKEN",
      error: "invalid_grant",
    });
    const exchange = await callSandboxApi("POST", "/oauth/2026-03/token", {
      form: exchangeForm(pendingCode),
    });
    expect(await exchange.json()).toMatchObject({ status: "BAD_AUTH_CODE" });

    expect((await introspect(other.access_token).then((r) => r.json())).active).toBe(true);
  });
});

describe("portal APIs", () => {
  it("answers 403 MISSING_SCOPES when the token lacks the operation's scope", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA, {
      scope: "oauth",
      optional_scope: undefined,
    });
    const response = await callSandboxApi("GET", `/settings/v3/users/${ADA}`, {
      bearer: tokens.access_token,
    });
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body).toMatchObject({ status: "error", category: "MISSING_SCOPES" });
    expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.errors[0].context.requiredGranularScopes).toContain("settings.users.read");

    const teams = await callSandboxApi("GET", "/settings/v3/users/teams", {
      bearer: tokens.access_token,
    });
    expect(teams.status).toBe(403);
  });

  it("finds a user by an email with a + only when the + is percent-encoded", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const encoded = encodeURIComponent("grace+hubspot@acme-widgets.com");
    expect(encoded).toContain("%2B");

    const found = await callSandboxApi("GET", `/settings/v3/users/${encoded}?idProperty=EMAIL`, {
      bearer: tokens.access_token,
    });
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({
      id: String(GRACE),
      email: "grace+hubspot@acme-widgets.com",
      firstName: "Grace",
      lastName: "Hopper",
      roleId: "77",
      roleIds: ["77"],
      primaryTeamId: "501",
      secondaryTeamIds: ["502"],
      superAdmin: false,
    });

    const raw = await callSandboxApi(
      "GET",
      "/settings/v3/users/grace+hubspot@acme-widgets.com?idProperty=EMAIL",
      { bearer: tokens.access_token },
    );
    expect(raw.status).toBe(404);
    expect(await raw.json()).toMatchObject({ category: "OBJECT_NOT_FOUND" });
  });

  it("answers 404 OBJECT_NOT_FOUND for a user of another portal", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const response = await callSandboxApi("GET", "/settings/v3/users/3000003", {
      bearer: tokens.access_token,
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ category: "OBJECT_NOT_FOUND" });
  });

  it("leaves out the optional fields a user doesn't have", async () => {
    const tokens = await installWithSandbox(DEV_TEST_HUB_ID, 3000005);
    const response = await callSandboxApi("GET", "/settings/v3/users/3000005?idProperty=USER_ID", {
      bearer: tokens.access_token,
    });
    expect(await response.json()).toEqual({
      id: "3000005",
      email: "dev-test@example.org",
      roleIds: [],
      superAdmin: true,
    });
  });

  it("lists the portal's teams with their primary and secondary members", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const response = await callSandboxApi("GET", "/settings/v3/users/teams", {
      bearer: tokens.access_token,
    });
    expect(await response.json()).toEqual({
      results: [
        { id: "501", name: "Operations", userIds: ["3000001", "3000002"], secondaryUserIds: [] },
        { id: "502", name: "Engineering", userIds: [], secondaryUserIds: ["3000002"] },
      ],
    });
  });

  it("pages the users list", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const first = await (
      await callSandboxApi("GET", "/settings/v3/users?limit=1", { bearer: tokens.access_token })
    ).json();
    expect(first.results.map((user: { id: string }) => user.id)).toEqual(["3000001"]);
    const after = first.paging.next.after;
    const second = await (
      await callSandboxApi("GET", `/settings/v3/users?limit=1&after=${after}`, {
        bearer: tokens.access_token,
      })
    ).json();
    expect(second.results.map((user: { id: string }) => user.id)).toEqual(["3000002"]);
    expect(second).not.toHaveProperty("paging");
  });

  it("reads CRM user records by internal user id, with requested properties", async () => {
    const tokens = await installWithSandbox(STAGING_HUB_ID, 3000006);
    const properties = "hs_job_title,hs_working_hours,hs_standard_time_zone,hs_internal_user_id";
    const response = await callSandboxApi(
      "GET",
      `/crm/v3/objects/users/3000006?idProperty=hs_internal_user_id&properties=${properties}`,
      { bearer: tokens.access_token },
    );
    expect(response.status).toBe(200);
    const record = await response.json();
    expect(record.id).toBe("71000000006");
    expect(record.properties).toMatchObject({
      hs_object_id: "71000000006",
      hs_internal_user_id: "3000006",
      hs_job_title: "RevOps Engineer",
      hs_standard_time_zone: "America/Los_Angeles",
    });
    expect(JSON.parse(record.properties.hs_working_hours)).toEqual([
      { days: "MONDAY_TO_FRIDAY", startMinute: 480, endMinute: 1020 },
      { days: "SATURDAY", startMinute: 600, endMinute: 720 },
    ]);

    const list = await (
      await callSandboxApi("GET", "/crm/v3/objects/users", { bearer: tokens.access_token })
    ).json();
    expect(Object.keys(list.results[0].properties).sort()).toEqual([
      "hs_createdate",
      "hs_lastmodifieddate",
      "hs_object_id",
    ]);
  });

  it("refuses the CRM users object where the optional scope was dropped", async () => {
    const tokens = await installWithSandbox(DEV_TEST_HUB_ID, 3000005);
    const response = await callSandboxApi("GET", "/crm/v3/objects/users", {
      bearer: tokens.access_token,
    });
    expect(response.status).toBe(403);
  });

  it("describes the account", async () => {
    const tokens = await installWithSandbox(ZURICH_HUB_ID, 3000004);
    const response = await callSandboxApi("GET", "/account-info/v3/details", {
      bearer: tokens.access_token,
    });
    expect(await response.json()).toEqual({
      portalId: ZURICH_HUB_ID,
      accountType: "STANDARD",
      timeZone: "Europe/Zurich",
      companyCurrency: "CHF",
      additionalCurrencies: ["EUR"],
      utcOffset: "+01:00",
      utcOffsetMilliseconds: 3_600_000,
      uiDomain: "app-eu1.hubspot.com",
      dataHostingLocation: "eu1",
    });
  });

  it("answers 401 without a token, and EXPIRED_AUTHENTICATION for an expired one", async () => {
    const none = await callSandboxApi("GET", "/account-info/v3/details");
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ category: "INVALID_AUTHENTICATION" });

    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await getDb().sandboxGrant.update({
      where: { secretHash: hashSecret(tokens.access_token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await callSandboxApi("GET", "/account-info/v3/details", {
      bearer: tokens.access_token,
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ category: "EXPIRED_AUTHENTICATION" });
  });
});

describe("rate limits", () => {
  it("counts down per portal and answers 429 once a portal passes 110 in 10 s", async () => {
    const acme = await installWithSandbox(ACME_HUB_ID, ADA);
    const staging = await installWithSandbox(STAGING_HUB_ID, 3000006);
    resetSandboxRateLimits();

    const remaining: number[] = [];
    for (let call = 0; call < RATE_LIMIT_MAX; call += 1) {
      const response = await callSandboxApi("GET", "/account-info/v3/details", {
        bearer: acme.access_token,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-hubspot-ratelimit-max")).toBe("110");
      expect(response.headers.get("x-hubspot-ratelimit-interval-milliseconds")).toBe("10000");
      remaining.push(Number(response.headers.get("x-hubspot-ratelimit-remaining")));
    }
    expect(remaining[0]).toBe(109);
    expect(remaining.at(-1)).toBe(0);

    const limited = await callSandboxApi("GET", "/account-info/v3/details", {
      bearer: acme.access_token,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-hubspot-ratelimit-remaining")).toBe("0");
    expect(await limited.json()).toMatchObject({
      status: "error",
      errorType: "RATE_LIMIT",
      policyName: "TEN_SECONDLY_ROLLING",
    });

    const elsewhere = await callSandboxApi("GET", "/account-info/v3/details", {
      bearer: staging.access_token,
    });
    expect(elsewhere.status).toBe(200);
  });
});

describe("live mode", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is unreachable when real HubSpot credentials are configured", async () => {
    vi.stubEnv("HUBSPOT_CLIENT_ID", "real-client");
    vi.stubEnv("HUBSPOT_CLIENT_SECRET", "real-secret");
    vi.resetModules();
    const { handleSandboxApi } = await import("./api");

    const request = new Request("http://localhost:3000/sandbox/api/account-info/v3/details");
    const response = await handleSandboxApi(request, ["account-info", "v3", "details"]);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("");
  });
});
