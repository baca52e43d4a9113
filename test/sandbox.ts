import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { createHubSpotClient, type HubSpotClientOptions } from "@/lib/hubspot/client";
import { handleSandboxApi } from "@/lib/sandbox/api";
import { createSandboxCode } from "@/lib/sandbox/testing";
import type { ResyncDeps } from "@/lib/sync/resync";

/**
 * The built-in HubSpot sandbox, called in-process: the HubSpot client talks to it through
 * this fetch exactly as it would over HTTP, and every call is recorded.
 */
export function createSandboxFetch() {
  const calls: Array<{ method: string; path: string; form: URLSearchParams }> = [];
  const sandboxFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const form = new URLSearchParams(init?.body ? String(init.body) : "");
    calls.push({ method: request.method, path: url.pathname.replace(/^\/sandbox\/api/, ""), form });
    const path = url.pathname
      .replace(/^\/sandbox\/api\/?/, "")
      .split("/")
      .map(decodeURIComponent);
    return handleSandboxApi(request, path);
  };
  const count = (method: string, path: string | RegExp) =>
    calls.filter(
      (call) =>
        call.method === method &&
        (typeof path === "string" ? call.path === path : path.test(call.path)),
    ).length;
  return { fetch: sandboxFetch, calls, count };
}

export function sandboxClient(overrides: Partial<HubSpotClientOptions> = {}) {
  const { hubspot } = getConfig();
  const sandbox = createSandboxFetch();
  const client = createHubSpotClient({
    baseUrl: hubspot.apiBaseUrl,
    clientId: hubspot.clientId,
    clientSecret: hubspot.clientSecret,
    redirectUri: hubspot.redirectUri,
    tokenApi: hubspot.tokenApi,
    timeoutMs: 2000,
    baseDelayMs: 5,
    fetch: sandbox.fetch,
    ...overrides,
  });
  return { client, ...sandbox };
}

/** A code as the sandbox's consent page would issue it for this portal and user. */
export const approveAs = (hubId: number, userId: number) => createSandboxCode(hubId, userId);

export function installDeps(client: ReturnType<typeof sandboxClient>["client"]) {
  const config = getConfig();
  return {
    db: getDb(),
    hubspot: client,
    tokenKey: config.tokenKey(),
    clientId: config.hubspot.clientId,
    requiredScopes: config.hubspot.requiredScopes,
  };
}

export function resyncDeps(client: ReturnType<typeof sandboxClient>["client"]): ResyncDeps {
  const config = getConfig();
  return {
    db: getDb(),
    hubspot: client,
    tokenKey: config.tokenKey(),
    requiredScopes: config.hubspot.requiredScopes,
  };
}
