import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { resetDatabase } from "@/test/db";

import { getConfig } from "../config";
import { getDb } from "../db";
import { handleFaultControl } from "./fault-control";
import {
  clearSandboxFaults,
  drawSandboxFaults,
  listSandboxFaults,
  SandboxFaultError,
  setSandboxFault,
} from "./faults";
import { resetSandboxRateLimits } from "./rate-limit";
import { ACME_HUB_ID, STAGING_HUB_ID } from "./seed";
import { callSandboxApi, installWithSandbox } from "./testing";

const { hubspot } = getConfig();
const ADA = 3000001;
const GRACE = 3000002;

beforeEach(async () => {
  await resetDatabase();
  resetSandboxRateLimits();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function details(accessToken: string) {
  return callSandboxApi("GET", "/account-info/v3/details", { bearer: accessToken });
}

function introspect(token: string) {
  return callSandboxApi("POST", "/oauth/2026-03/token/introspect", {
    form: { client_id: hubspot.clientId, client_secret: hubspot.clientSecret, token },
  });
}

function refresh(refreshToken: string) {
  return callSandboxApi("POST", "/oauth/2026-03/token", {
    form: {
      grant_type: "refresh_token",
      client_id: hubspot.clientId,
      client_secret: hubspot.clientSecret,
      refresh_token: refreshToken,
    },
  });
}

describe("failure faults", () => {
  it.each([
    ["TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit."],
    ["SECONDLY", "You have reached your secondly limit."],
    ["DAILY", "You have reached your daily limit."],
  ])("answers 429 with policyName %s", async (policyName, message) => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "rate_limit", hubId: ACME_HUB_ID, policyName });

    const response = await details(tokens.access_token);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(response.headers.get("x-hubspot-ratelimit-remaining")).toBe("0");
    expect(await response.json()).toMatchObject({
      status: "error",
      message,
      errorType: "RATE_LIMIT",
      policyName,
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("adds Retry-After to a 429 when asked", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "rate_limit", policyName: "DAILY", retryAfterSeconds: 3600 });
    const response = await details(tokens.access_token);
    expect(response.headers.get("retry-after")).toBe("3600");
  });

  it("answers 500 with HubSpot's JSON error and 502 with a gateway's HTML page", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const fault = await setSandboxFault({ kind: "server_error", status: 500 });
    const internal = await details(tokens.access_token);
    expect(internal.status).toBe(500);
    expect(await internal.json()).toMatchObject({ status: "error", category: "INTERNAL_ERROR" });

    await clearSandboxFaults({ id: fault.fault!.id });
    await setSandboxFault({ kind: "server_error", status: 502 });
    const gateway = await details(tokens.access_token);
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get("content-type")).toBe("text/html");
    expect(await gateway.text()).toContain("502 Bad Gateway");
  });

  it("cuts the real answer short for malformed_json, keeping its status", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "malformed_json", hubId: ACME_HUB_ID });
    const response = await details(tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json;charset=utf-8");
    const text = await response.text();
    expect(text.startsWith('{"portalId":21000001')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it("answers a hung call with 504 once the client has gone", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "timeout", ms: 120_000 });
    const gone = new AbortController();
    gone.abort();
    const request = new Request(`${hubspot.apiBaseUrl}/account-info/v3/details`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
      signal: gone.signal,
    });
    const { handleSandboxApi } = await import("./api");
    const response = await handleSandboxApi(request, ["account-info", "v3", "details"]);
    expect(response.status).toBe(504);
  });

  it("hangs by default a little past the app's own timeout", async () => {
    await setSandboxFault({ kind: "timeout" });
    const drawn = await drawSandboxFaults(ACME_HUB_ID, "/account-info/v3/details");
    expect(drawn.failure).toEqual({ kind: "timeout", ms: hubspot.timeoutMs + 5000 });
  });

  it("delays by the latency asked for, then answers normally", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "latency", hubId: ACME_HUB_ID, ms: 20 });
    expect((await drawSandboxFaults(ACME_HUB_ID, "/oauth/2026-03/token")).latencyMs).toBe(20);
    expect((await drawSandboxFaults(STAGING_HUB_ID, "/oauth/2026-03/token")).latencyMs).toBe(0);
    expect((await details(tokens.access_token)).status).toBe(200);
  });
});

describe("where and how often faults fire", () => {
  it("hits only its portal, while a fault for every portal hits all calls", async () => {
    const acme = await installWithSandbox(ACME_HUB_ID, ADA);
    const staging = await installWithSandbox(STAGING_HUB_ID, 3000006);
    await setSandboxFault({ kind: "server_error", hubId: ACME_HUB_ID });
    expect((await details(acme.access_token)).status).toBe(500);
    expect((await details(staging.access_token)).status).toBe(200);

    await clearSandboxFaults({ hubId: ACME_HUB_ID });
    await setSandboxFault({ kind: "server_error", status: 503 });
    expect((await details(staging.access_token)).status).toBe(503);
    // Not tied to any portal: a call with no valid token.
    expect((await details("C-unknown")).status).toBe(503);
  });

  it("hits only calls under its path prefix", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "server_error", status: 502, pathPrefix: "/oauth" });
    expect((await refresh(tokens.refresh_token)).status).toBe(502);
    expect((await details(tokens.access_token)).status).toBe(200);
  });

  it("stops after its remaining count, then disappears", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "server_error", remaining: 2 });
    const statuses = [];
    for (let call = 0; call < 4; call += 1)
      statuses.push((await details(tokens.access_token)).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect(await listSandboxFaults()).toEqual([]);
  });

  it("lets concurrent calls spend a remaining count only once each", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "server_error", remaining: 3 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => details(tokens.access_token)),
    );
    expect(answers.filter((answer) => answer.status === 500)).toHaveLength(3);
  });

  it("fires on the calls whose roll falls under its probability", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    await setSandboxFault({ kind: "server_error", probability: 0.2 });
    const rolls = [0.05, 0.5, 0.19, 0.2, 0.99];
    vi.spyOn(Math, "random").mockImplementation(() => rolls.shift() ?? 0.99);
    const statuses = [];
    for (let call = 0; call < 5; call += 1)
      statuses.push((await details(tokens.access_token)).status);
    expect(statuses).toEqual([500, 200, 500, 200, 200]);
  });

  it("is shared through PostgreSQL, not kept in the process", async () => {
    await setSandboxFault({ kind: "latency", hubId: ACME_HUB_ID, ms: 5 });
    const rows = await getDb().sandboxFault.findMany();
    expect(rows).toMatchObject([{ kind: "latency", hubId: ACME_HUB_ID, options: { ms: 5 } }]);
  });
});

describe("state faults", () => {
  it("uninstalls a portal: its tokens die at once, and a new install works", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    const other = await installWithSandbox(STAGING_HUB_ID, 3000006);

    const result = await setSandboxFault({ kind: "uninstalled", hubId: ACME_HUB_ID });
    expect(result.revokedGrants).toBeGreaterThanOrEqual(2);
    expect(await (await introspect(tokens.access_token)).json()).toEqual({ active: false });
    expect(await (await refresh(tokens.refresh_token)).json()).toMatchObject({
      status: "BAD_REFRESH_TOKEN",
      error: "invalid_grant",
    });
    expect((await details(tokens.access_token)).status).toBe(401);
    expect((await details(other.access_token)).status).toBe(200);

    const again = await installWithSandbox(ACME_HUB_ID, GRACE);
    expect((await details(again.access_token)).status).toBe(200);
  });

  it("deletes the installing user: lookups of that user give 404, others still work", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, GRACE);
    await setSandboxFault({ kind: "deleted_user", hubId: ACME_HUB_ID });
    const get = (path: string) => callSandboxApi("GET", path, { bearer: tokens.access_token });

    const byId = await get(`/settings/v3/users/${GRACE}`);
    expect(byId.status).toBe(404);
    expect(await byId.json()).toMatchObject({ category: "OBJECT_NOT_FOUND" });
    const byEmail = encodeURIComponent("grace+hubspot@acme-widgets.com");
    expect((await get(`/settings/v3/users/${byEmail}?idProperty=EMAIL`)).status).toBe(404);
    expect(
      (await get(`/crm/v3/objects/users/${GRACE}?idProperty=hs_internal_user_id`)).status,
    ).toBe(404);
    expect((await get(`/settings/v3/users/${ADA}`)).status).toBe(200);
    const teams = await (await get("/settings/v3/users/teams")).json();
    expect(JSON.stringify(teams)).not.toContain(String(GRACE));
  });

  it("deletes a named user", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, GRACE);
    await setSandboxFault({ kind: "deleted_user", userId: ADA });
    const get = (path: string) => callSandboxApi("GET", path, { bearer: tokens.access_token });
    expect((await get(`/settings/v3/users/${ADA}`)).status).toBe(404);
    expect((await get(`/settings/v3/users/${GRACE}`)).status).toBe(200);
  });

  it("changes scopes: introspection, refresh and scope checks see the shorter list", async () => {
    const tokens = await installWithSandbox(ACME_HUB_ID, ADA);
    expect(tokens.scopes).toContain("crm.objects.users.read");
    await setSandboxFault({
      kind: "changed_scopes",
      hubId: ACME_HUB_ID,
      removeScopes: "crm.objects.users.read settings.users.teams.read",
    });

    const info = await (await introspect(tokens.access_token)).json();
    expect(info.active).toBe(true);
    expect(info.scopes.sort()).toEqual(["oauth", "settings.users.read"]);
    expect(info.signed_access_token.scopes).toBe(info.scopes.join(","));
    const refreshed = await (await refresh(tokens.refresh_token)).json();
    expect(refreshed.scopes.sort()).toEqual(["oauth", "settings.users.read"]);
    const crm = await callSandboxApi("GET", "/crm/v3/objects/users", {
      bearer: tokens.access_token,
    });
    expect(crm.status).toBe(403);

    await clearSandboxFaults();
    const restored = await (await introspect(tokens.access_token)).json();
    expect(restored.scopes).toContain("crm.objects.users.read");
  });
});

describe("setting faults", () => {
  it.each([
    [{ kind: "earthquake" }, "kind"],
    [{ kind: "latency" }, "ms"],
    [{ kind: "latency", ms: 10, probability: 2 }, "probability"],
    [{ kind: "server_error", status: 404 }, "status"],
    [{ kind: "server_error", hubId: 12345 }, "not a portal of the sandbox"],
    [{ kind: "rate_limit", policyName: "HOURLY" }, "policyName"],
    [{ kind: "changed_scopes", removeScopes: "" }, "removeScopes"],
    [{ kind: "uninstalled", hubId: ACME_HUB_ID, probability: 0.5 }, "probability"],
    [{ kind: "timeout", pathPrefix: "oauth" }, "pathPrefix"],
  ])("refuses %j, naming %s", async (input, words) => {
    const attempt = setSandboxFault(input);
    await expect(attempt).rejects.toBeInstanceOf(SandboxFaultError);
    await expect(attempt).rejects.toThrow(words);
    expect(await getDb().sandboxFault.count()).toBe(0);
  });
});

describe("the control API", () => {
  function control(method: string, query = "", body?: unknown) {
    return handleFaultControl(
      new Request(`${getConfig().appUrl}/sandbox/control/faults${query}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body:
          body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  }

  it("sets, lists and clears faults", async () => {
    const created = await control("POST", "", {
      kind: "rate_limit",
      hubId: ACME_HUB_ID,
      remaining: 5,
    });
    expect(created.status).toBe(201);
    const { fault } = await created.json();
    expect(fault).toMatchObject({
      kind: "rate_limit",
      hubId: ACME_HUB_ID,
      remaining: 5,
      probability: 1,
      options: { policyName: "TEN_SECONDLY_ROLLING" },
    });
    await control("POST", "", { kind: "latency", ms: 10 });

    const listed = await (await control("GET")).json();
    expect(listed.faults.map((item: { kind: string }) => item.kind)).toEqual([
      "rate_limit",
      "latency",
    ]);

    expect(await (await control("DELETE", `?id=${fault.id}`)).json()).toEqual({ cleared: 1 });
    expect(await (await control("DELETE")).json()).toEqual({ cleared: 1 });
    expect((await (await control("GET")).json()).faults).toEqual([]);
  });

  it("explains bad input with 400", async () => {
    const notJson = await control("POST", "", "{kind:");
    expect(notJson.status).toBe(400);
    const invalid = await control("POST", "", { kind: "latency", ms: -1 });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).issues.join(" ")).toContain("ms");
    expect((await control("DELETE", "?hubId=abc")).status).toBe(400);
  });

  it("uninstalls through POST, answering how many grants it revoked", async () => {
    await installWithSandbox(ACME_HUB_ID, ADA);
    const response = await control("POST", "", { kind: "uninstalled", hubId: ACME_HUB_ID });
    expect(response.status).toBe(200);
    expect((await response.json()).revokedGrants).toBeGreaterThanOrEqual(2);
  });
});

describe("live mode", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("hides the control API when real HubSpot credentials are configured", async () => {
    vi.stubEnv("HUBSPOT_CLIENT_ID", "real-client");
    vi.stubEnv("HUBSPOT_CLIENT_SECRET", "real-secret");
    vi.resetModules();
    const live = await import("./fault-control");
    const response = await live.handleFaultControl(
      new Request("http://localhost:3000/sandbox/control/faults"),
    );
    expect(response.status).toBe(404);
  });
});
