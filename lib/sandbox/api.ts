import "server-only";

import { logger } from "../logger";
import type { AuthorizedCall, SandboxCall } from "./call";
import { effectiveScopes, portalOf } from "./call";
import { findGrant } from "./grants";
import { cutShort, failureResponse, rateLimitedResponse } from "./fault-responses";
import { drawSandboxFaults, waitFor } from "./faults";
import { apiError } from "./http";
import { isSandboxMode } from "./mode";
import {
  deleteLegacyRefreshToken,
  exchangeToken,
  expiredTokenError,
  getLegacyAccessTokenInfo,
  getLegacyRefreshTokenInfo,
  introspectToken,
  invalidTokenError,
  revokeToken,
} from "./oauth";
import {
  deleteExternalInstall,
  getAccountDetails,
  getCrmUser,
  getSettingsUser,
  listCrmUsers,
  listSettingsRoles,
  listSettingsTeams,
  listSettingsUsers,
} from "./portal-api";
import { hitRateLimit, rateLimitHeaders } from "./rate-limit";

/**
 * The sandbox's stand-in for api.hubapi.com: `path` is the part after `/sandbox/api`,
 * one decoded segment per item. Called by the route handler and, in-process, by tests.
 */

type Handler = (call: SandboxCall) => Promise<Response> | Response;
type CallInput = Pick<SandboxCall, "request" | "query" | "form" | "params" | "now">;
type AuthorizedHandler = (call: AuthorizedCall) => Promise<Response> | Response;

interface Route {
  method: "GET" | "POST" | "DELETE";
  /** Literal segments, and `:name` for a parameter. */
  pattern: string[];
  /** Where the call's credential is, so its grant (and portal) is known before anything. */
  credential: (call: CallInput) => string | null;
  handle: Handler;
}

const fromBearer = ({ request }: CallInput) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
};
const fromPath = ({ params }: CallInput) => params.token ?? null;
const fromTokenForm = ({ form }: CallInput) =>
  form.get(form.get("grant_type") === "refresh_token" ? "refresh_token" : "code");
const fromIntrospectForm = ({ form }: CallInput) => form.get("token");

/** A bearer-token API that needs any one of `scopes`, as HubSpot's security lists say. */
function api(
  method: Route["method"],
  path: string,
  scopes: string[],
  handle: AuthorizedHandler,
): Route {
  return {
    method,
    pattern: path.split("/").filter(Boolean),
    credential: fromBearer,
    handle: (call) => {
      const authorized = authorize(call, scopes);
      return authorized instanceof Response ? authorized : handle(authorized);
    },
  };
}

function oauthRoutes(version: "2026-03" | "v3"): Route[] {
  return [
    {
      method: "POST",
      pattern: ["oauth", version, "token"],
      credential: fromTokenForm,
      handle: (call) => exchangeToken(call, "rfc"),
    },
    {
      method: "POST",
      pattern: ["oauth", version, "token", "introspect"],
      credential: fromIntrospectForm,
      handle: introspectToken,
    },
    {
      method: "POST",
      pattern: ["oauth", version, "token", "revoke"],
      credential: fromIntrospectForm,
      handle: revokeToken,
    },
  ];
}

const USERS_READ = ["settings.users.read", "crm.objects.users.read"];

// Order matters where a literal and a parameter compete: /users/teams before /users/:userId.
const ROUTES: Route[] = [
  ...oauthRoutes("2026-03"),
  ...oauthRoutes("v3"),
  {
    method: "POST",
    pattern: ["oauth", "v1", "token"],
    credential: fromTokenForm,
    handle: (call) => exchangeToken(call, "legacy"),
  },
  {
    method: "GET",
    pattern: ["oauth", "v1", "access-tokens", ":token"],
    credential: fromPath,
    handle: getLegacyAccessTokenInfo,
  },
  {
    method: "GET",
    pattern: ["oauth", "v1", "refresh-tokens", ":token"],
    credential: fromPath,
    handle: getLegacyRefreshTokenInfo,
  },
  {
    method: "DELETE",
    pattern: ["oauth", "v1", "refresh-tokens", ":token"],
    credential: fromPath,
    handle: deleteLegacyRefreshToken,
  },
  api("GET", "settings/v3/users", USERS_READ, listSettingsUsers),
  // HubSpot's published spec lists the same operation under this path.
  api("GET", "settings/users/v3", USERS_READ, listSettingsUsers),
  api("GET", "settings/v3/users/teams", ["settings.users.teams.read"], listSettingsTeams),
  api("GET", "settings/v3/users/roles", USERS_READ, listSettingsRoles),
  api("GET", "settings/v3/users/:userId", USERS_READ, getSettingsUser),
  api("GET", "crm/v3/objects/users", ["crm.objects.users.read"], listCrmUsers),
  api("GET", "crm/v3/objects/users/:userId", ["crm.objects.users.read"], getCrmUser),
  api("GET", "account-info/v3/details", ["oauth"], getAccountDetails),
  api("DELETE", "appinstalls/v3/external-install", ["oauth"], deleteExternalInstall),
];

function matchPattern(pattern: string[], segments: string[]) {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index]!;
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

function findRoute(method: string, segments: string[]) {
  let pathKnown = false;
  for (const route of ROUTES) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    pathKnown = true;
    if (route.method === method) return { route, params };
  }
  return pathKnown ? "wrong-method" : null;
}

/**
 * HubSpot decodes a path parameter as a form value, so a literal `+` in an email becomes a
 * space and the lookup fails: clients must send `%2B`. `path` arrives decoded already, so
 * the raw segment is read from the request's URL when that URL ends with this route.
 */
function decodeParams(request: Request, pattern: string[], params: Record<string, string>) {
  const raw = new URL(request.url).pathname.split("/").filter(Boolean).slice(-pattern.length);
  const sameRoute =
    raw.length === pattern.length &&
    pattern.every((part, index) => part.startsWith(":") || part === raw[index]);
  if (!sameRoute) return params;

  const decoded: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    if (!part.startsWith(":")) continue;
    const name = part.slice(1);
    decoded[name] = safeDecode(raw[index]!.replace(/\+/g, " ")) ?? params[name]!;
  }
  return decoded;
}

function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

async function readForm(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  if (request.method !== "POST" || !type.includes("application/x-www-form-urlencoded")) {
    return new URLSearchParams();
  }
  return new URLSearchParams(await request.text());
}

export async function handleSandboxApi(request: Request, path: string[]): Promise<Response> {
  if (!isSandboxMode()) return new Response(null, { status: 404 });

  const segments = path.filter(Boolean);
  const found = findRoute(request.method, segments);
  if (found === null || found === "wrong-method") {
    const limit = hitRateLimit(UNIDENTIFIED);
    const response =
      found === null
        ? apiError(404, "OBJECT_NOT_FOUND", `No sandbox API at /${segments.join("/")}`)
        : apiError(405, "VALIDATION_ERROR", `${request.method} is not supported here`);
    return withRateLimitHeaders(response, limit.remaining);
  }

  try {
    return await dispatch(request, found.route, found.params);
  } catch (error) {
    logger.error({ err: error, route: found.route.pattern.join("/") }, "sandbox API call failed");
    return apiError(500, "INTERNAL_ERROR", "The sandbox could not answer this call.");
  }
}

// Calls that can't be tied to a portal (a bad token, an unknown path) share one bucket.
const UNIDENTIFIED = "unidentified";

async function dispatch(request: Request, route: Route, pathParams: Record<string, string>) {
  const url = new URL(request.url);
  const form = await readForm(request);
  // The v1 token endpoint also takes these two from the query string.
  if (route.pattern.join("/") === "oauth/v1/token") {
    for (const name of ["client_secret", "refresh_token"]) {
      const value = url.searchParams.get(name);
      if (value !== null && !form.has(name)) form.set(name, value);
    }
  }

  const params = decodeParams(request, route.pattern, pathParams);
  const input: CallInput = { request, query: url.searchParams, form, params, now: new Date() };
  const grant = await findGrant(route.credential(input));
  const hubId = grant?.hubId ?? null;

  const limit = hitRateLimit(hubId === null ? UNIDENTIFIED : String(hubId), input.now.getTime());
  if (!limit.allowed) return withRateLimitHeaders(rateLimitedResponse(), 0);

  const faults = await drawSandboxFaults(hubId, routePath(route, params));
  if (faults.latencyMs > 0) await waitFor(faults.latencyMs, request.signal);
  if (faults.failure) {
    const failed = await failureResponse(faults.failure, request.signal);
    return withRateLimitHeaders(failed, faults.failure.kind === "rate_limit" ? 0 : limit.remaining);
  }

  const response = await route.handle({ ...input, grant, faults });
  return withRateLimitHeaders(
    faults.malformed ? await cutShort(response) : response,
    limit.remaining,
  );
}

/** The call's path as a fault's `pathPrefix` is matched against, e.g. /settings/v3/users/7. */
function routePath(route: Route, params: Record<string, string>) {
  const parts = route.pattern.map((part) => (part.startsWith(":") ? params[part.slice(1)] : part));
  return `/${parts.join("/")}`;
}

function withRateLimitHeaders(response: Response, remaining: number) {
  for (const [name, value] of Object.entries(rateLimitHeaders(remaining))) {
    response.headers.set(name, value);
  }
  return response;
}

/** Checks the bearer token and the operation's scopes, as HubSpot does before anything. */
function authorize(call: SandboxCall, scopes: string[]): AuthorizedCall | Response {
  const { grant, now } = call;
  const portal = portalOf(grant);
  if (!grant || !portal || grant.kind !== "access_token" || grant.revokedAt) {
    return invalidTokenError();
  }
  if (grant.expiresAt && grant.expiresAt <= now) return expiredTokenError(grant.expiresAt, now);

  const granted = effectiveScopes(grant, call.faults);
  if (!scopes.some((scope) => granted.includes(scope))) return missingScopes(scopes);

  const { deletedUserIds, deletesInstallingUser } = call.faults;
  const users = portal.users.filter(
    (user) => !deletedUserIds.has(user.id) && !(deletesInstallingUser && user.id === grant.userId),
  );
  return { ...call, grant, portal, scopes: granted, users };
}

function missingScopes(required: string[]) {
  return apiError(
    403,
    "MISSING_SCOPES",
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    {
      errors: [
        {
          message: "One or more of the following scopes are required.",
          context: { requiredGranularScopes: required },
        },
      ],
      links: { scopes: "https://developers.hubspot.com/scopes" },
    },
  );
}
