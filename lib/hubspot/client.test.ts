import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createHubSpotClient } from "./client";
import { HubSpotError } from "./errors";

/**
 * Failure shapes the sandbox can't be asked for precisely enough (a body cut short, a
 * socket that never answers) come from this scripted HTTP server; the happy paths run
 * against the sandbox in the install-flow tests.
 */
type Script = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let script: Script[] = [];
let seen: Array<{ method?: string; url?: string; body: string; auth?: string }> = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, body, auth: req.headers.authorization });
      const next = script.shift();
      if (next) next(req, body, res);
      else json(res, 500, { status: "error", message: "no script" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  script = [];
  seen = [];
});

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const sleeps: number[] = [];
function client(overrides: Partial<Parameters<typeof createHubSpotClient>[0]> = {}) {
  sleeps.length = 0;
  return createHubSpotClient({
    baseUrl,
    clientId: "client-1",
    clientSecret: "secret-1",
    redirectUri: "http://localhost/oauth/callback",
    tokenApi: "2026-03",
    timeoutMs: 300,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
}

const tokenAnswer = {
  access_token: "AT-1",
  refresh_token: "RT-1",
  expires_in: 1800,
  token_type: "bearer",
  token_use: "user",
  hub_id: 123,
  scopes: ["oauth"],
};

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as HubSpotError;
  }
  throw new Error("expected a failure");
}

describe("HubSpot client", () => {
  it("exchanges a code at the 2026-03 endpoint with a form body", async () => {
    script.push((_req, _body, res) => json(res, 200, tokenAnswer));
    const tokens = await client().exchangeCode("na1-code");
    expect(tokens.hub_id).toBe(123);
    expect(seen[0]?.url).toBe("/oauth/2026-03/token");
    const form = new URLSearchParams(seen[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "authorization_code",
      client_id: "client-1",
      client_secret: "secret-1",
      redirect_uri: "http://localhost/oauth/callback",
      code: "na1-code",
    });
  });

  it("uses the v1 endpoints only when configured to", async () => {
    script.push((_req, _body, res) => json(res, 200, tokenAnswer));
    script.push((_req, _body, res) =>
      json(res, 200, {
        token_type: "refresh",
        hub_id: 123,
        user_id: 9,
        app_id: 5,
        client_id: "client-1",
        scopes: ["oauth"],
        user: "a@b.c",
      }),
    );
    const v1 = client({ tokenApi: "v1" });
    await v1.exchangeCode("na1-code");
    const info = await v1.introspectRefreshToken("RT/with+odd=chars");
    expect(seen.map((r) => r.url)).toEqual([
      "/oauth/v1/token",
      `/oauth/v1/refresh-tokens/${encodeURIComponent("RT/with+odd=chars")}`,
    ]);
    expect(info.active).toBe(true);
  });

  it("reads a revoked token's {active:false} as inactive", async () => {
    script.push((_req, _body, res) => json(res, 200, { active: false }));
    expect(await client().introspectAccessToken("AT-x")).toEqual({ active: false });
    expect(new URLSearchParams(seen[0]?.body).get("token_type_hint")).toBe("access_token");
  });

  it("percent-encodes an email in the user lookup path", async () => {
    script.push((_req, _body, res) =>
      json(res, 200, { id: "9", email: "a+b@c.io", roleIds: [], superAdmin: false }),
    );
    await client().getUser("AT-1", 123, { email: "a+b@c.io" });
    expect(seen[0]?.url).toBe("/settings/v3/users/a%2Bb%40c.io?idProperty=EMAIL");
    expect(seen[0]?.auth).toBe("Bearer AT-1");
  });

  it("turns an unexpected shape into a clear error, not a crash", async () => {
    script.push((_req, _body, res) => json(res, 200, { access_token: "AT", expires_in: "soon" }));
    const error = await failure(client().exchangeCode("c"));
    expect(error.kind).toBe("malformed");
    expect(error.message).toMatch(/unexpected shape/);
    expect(error.message).toMatch(/refresh_token|expires_in/);
  });

  it("turns garbage into a malformed error and retries an idempotent call", async () => {
    script.push((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    });
    script.push((_req, _body, res) =>
      json(res, 200, {
        portalId: 1,
        accountType: "STANDARD",
        timeZone: "UTC",
        companyCurrency: "USD",
        additionalCurrencies: [],
        uiDomain: "app.hubspot.com",
        dataHostingLocation: "na1",
      }),
    );
    const details = await client().getAccountDetails("AT", 1);
    expect(details.portalId).toBe(1);
    expect(seen).toHaveLength(2);
  });

  it("maps a bad code to a rejected error carrying HubSpot's code but not the code itself", async () => {
    script.push((_req, _body, res) =>
      json(res, 400, {
        status: "BAD_AUTH_CODE",
        message: "missing or unknown auth code",
        error: "invalid_grant",
      }),
    );
    const error = await failure(client().exchangeCode("na1-secret-code"));
    expect(error.kind).toBe("rejected");
    expect(error.code).toBe("BAD_AUTH_CODE");
    expect(error.message).not.toContain("na1-secret-code");
    expect(seen).toHaveLength(1);
  });

  it("recognises a dead refresh token", async () => {
    script.push((_req, _body, res) =>
      json(res, 400, {
        error: "invalid_grant",
        error_description: "revoked",
        status: "BAD_REFRESH_TOKEN",
      }),
    );
    const error = await failure(client().refreshAccessToken("RT"));
    expect(error.isRevokedGrant).toBe(true);
    expect(error.transient).toBe(false);
  });

  it("retries 5xx with backoff, then gives up with a server error", async () => {
    for (let i = 0; i < 3; i++)
      script.push((_req, _body, res) => json(res, 503, { status: "error", message: "down" }));
    const error = await failure(client().getAccountDetails("AT", 1));
    expect(error.kind).toBe("server");
    expect(seen).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(0);
  });

  it("honours Retry-After on 429", async () => {
    script.push((_req, _body, res) =>
      json(
        res,
        429,
        { status: "error", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" },
        { "retry-after": "2" },
      ),
    );
    script.push((_req, _body, res) =>
      json(res, 200, { id: "9", email: "a@b.c", roleIds: [], superAdmin: true }),
    );
    await client().getUser("AT", 1, { id: 9 });
    expect(sleeps).toEqual([2000]);
  });

  it("does not retry a DAILY limit", async () => {
    script.push((_req, _body, res) => json(res, 429, { status: "error", policyName: "DAILY" }));
    const error = await failure(client().getAccountDetails("AT", 1));
    expect(error.kind).toBe("rate_limited");
    expect(error.policyName).toBe("DAILY");
    expect(seen).toHaveLength(1);
  });

  it("never resends a code after a 5xx: the code may already be used up", async () => {
    script.push((_req, _body, res) => json(res, 502, { status: "error" }));
    const error = await failure(client().exchangeCode("c"));
    expect(error.kind).toBe("server");
    expect(seen).toHaveLength(1);
  });

  it("times out a call that never answers", async () => {
    script.push(() => undefined);
    const error = await failure(client({ maxAttempts: 1 }).getAccountDetails("AT", 1));
    expect(error.kind).toBe("timeout");
  });

  it("reports an unreachable HubSpot as a network error", async () => {
    const error = await failure(
      client({ baseUrl: "http://127.0.0.1:9", maxAttempts: 1 }).getAccountDetails("AT", 1),
    );
    expect(error.kind).toBe("network");
  });

  it("maps 403 MISSING_SCOPES", async () => {
    script.push((_req, _body, res) =>
      json(res, 403, {
        status: "error",
        category: "MISSING_SCOPES",
        message: "needs settings.users.read",
        correlationId: "c-1",
      }),
    );
    const error = await failure(client().getUser("AT", 1, { id: 2 }));
    expect(error.kind).toBe("missing_scopes");
    expect(error.correlationId).toBe("c-1");
  });
});
