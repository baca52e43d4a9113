import "server-only";

import { getConfig } from "../config";
import { handleSandboxApi } from "./api";
import { approveInstall } from "./authorize";

/**
 * In-process helpers for tests and benchmarks: call the sandbox API without a server, and
 * install the app into a seeded portal the way the consent page's Approve button does.
 */

export interface SandboxCallOptions {
  form?: Record<string, string>;
  bearer?: string;
  headers?: Record<string, string>;
}

/** `pathAndQuery` is what follows `/sandbox/api`, percent-encoded as a client sends it. */
export async function callSandboxApi(
  method: "GET" | "POST" | "DELETE" | "PUT",
  pathAndQuery: string,
  options: SandboxCallOptions = {},
) {
  const url = new URL(`${getConfig().hubspot.apiBaseUrl}${pathAndQuery}`);
  const headers = new Headers(options.headers);
  if (options.bearer) headers.set("Authorization", `Bearer ${options.bearer}`);
  let body: string | undefined;
  if (options.form) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  }

  const request = new Request(url, { method, headers, body });
  // What Next hands the catch-all route: the segments after /sandbox/api, decoded.
  const prefix = new URL(getConfig().hubspot.apiBaseUrl).pathname;
  const path = url.pathname
    .slice(prefix.length)
    .split("/")
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  return handleSandboxApi(request, path);
}

/** The install URL's query as the app builds it, for the seeded sandbox app. */
export function sandboxInstallQuery(overrides: Record<string, string | undefined> = {}) {
  const { hubspot } = getConfig();
  return {
    client_id: hubspot.clientId,
    redirect_uri: hubspot.redirectUri,
    scope: hubspot.requiredScopes.join(" "),
    optional_scope: hubspot.optionalScopes.join(" "),
    state: "test-state",
    ...overrides,
  };
}

/** Approves an install for a seeded portal and user and returns the code it hands out. */
export async function createSandboxCode(
  hubId: number,
  userId: number,
  overrides: Record<string, string | undefined> = {},
) {
  const outcome = await approveInstall(sandboxInstallQuery(overrides), `${hubId}:${userId}`);
  if ("problem" in outcome) throw new Error(`the sandbox refused the install: ${outcome.problem}`);
  const code = new URL(outcome.location).searchParams.get("code");
  if (!code) throw new Error("the sandbox's approval carried no code");
  return code;
}

export interface SandboxTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  hub_id: number;
  user_id: number;
  scopes: string[];
}

/** A full install: approve, then exchange the code at the 2026-03 token endpoint. */
export async function installWithSandbox(
  hubId: number,
  userId: number,
  overrides: Record<string, string | undefined> = {},
): Promise<SandboxTokens> {
  const { hubspot } = getConfig();
  const code = await createSandboxCode(hubId, userId, overrides);
  const response = await callSandboxApi("POST", "/oauth/2026-03/token", {
    form: {
      grant_type: "authorization_code",
      client_id: hubspot.clientId,
      client_secret: hubspot.clientSecret,
      redirect_uri: hubspot.redirectUri,
      code,
    },
  });
  if (response.status !== 200)
    throw new Error(`sandbox token exchange answered ${response.status}`);
  return (await response.json()) as SandboxTokens;
}
