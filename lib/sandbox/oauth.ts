import "server-only";

import { createHmac } from "node:crypto";

import type { SandboxGrant } from "../generated/prisma/client";
import {
  effectiveScopes,
  installingUserOf,
  portalOf,
  sandboxApp,
  secretsMatch,
  type SandboxCall,
} from "./call";
import {
  ACCESS_TOKEN_LIFETIME_S,
  isLive,
  issueAccessToken,
  redeemAuthorizationCode,
  revokeGrant,
  secondsUntil,
} from "./grants";
import {
  apiError,
  emptyResponse,
  jsonResponse,
  oauthError,
  type LegacyOAuthStatus,
  type OAuthFailure,
  type RfcOAuthError,
} from "./http";
import { SANDBOX_SCOPES } from "./scopes";
import type { SandboxPortal } from "./seed";

/**
 * HubSpot's OAuth token endpoints: the deprecated v1 family and the date-versioned 2026-03
 * family (with its /oauth/v3 alias). `flavour` picks the error body: "legacy" answers
 * `{status, message}`, "rfc" adds RFC 6749's `error` and `error_description`.
 */
export type OAuthFlavour = "legacy" | "rfc";

const NO_STORE = { "Cache-Control": "no-store" };

function failure(status: LegacyOAuthStatus, error: RfcOAuthError, message: string): OAuthFailure {
  return { status, error, message };
}

const BAD_CLIENT_ID = failure("BAD_CLIENT_ID", "invalid_client", "missing or invalid client id");
const BAD_CLIENT_SECRET = failure(
  "BAD_CLIENT_ID",
  "invalid_client",
  "missing or invalid client secret",
);
const BAD_AUTH_CODE = failure("BAD_AUTH_CODE", "invalid_grant", "missing or unknown auth code");
const EXPIRED_AUTH_CODE = failure("EXPIRED_AUTH_CODE", "invalid_grant", "auth code is expired");
const BAD_REFRESH_TOKEN = failure(
  "BAD_REFRESH_TOKEN",
  "invalid_grant",
  "missing or invalid refresh token",
);

/** The client must name the sandbox app and prove it with the secret. */
function checkClient(form: URLSearchParams) {
  const app = sandboxApp();
  if (form.get("client_id") !== app.clientId) return BAD_CLIENT_ID;
  if (!secretsMatch(form.get("client_secret"), app.clientSecret)) return BAD_CLIENT_SECRET;
  return null;
}

export async function exchangeToken(call: SandboxCall, flavour: OAuthFlavour) {
  const { form } = call;
  const grantType = form.get("grant_type");
  if (grantType !== "authorization_code" && grantType !== "refresh_token") {
    const problem = grantType
      ? failure(
          "BAD_GRANT_TYPE",
          "unsupported_grant_type",
          "grant_type must be authorization_code or refresh_token",
        )
      : failure("BAD_GRANT_TYPE", "invalid_request", "missing grant_type");
    return oauthError(problem, flavour);
  }

  const clientProblem = checkClient(form);
  if (clientProblem) return oauthError(clientProblem, flavour);

  return grantType === "authorization_code"
    ? exchangeCode(call, flavour)
    : refreshAccessToken(call, flavour);
}

async function exchangeCode(call: SandboxCall, flavour: OAuthFlavour) {
  const { grant: code, form, now } = call;
  const portal = portalOf(code);
  if (!code || !portal || code.kind !== "code" || code.usedAt || code.revokedAt) {
    return oauthError(BAD_AUTH_CODE, flavour);
  }
  if (code.clientId !== form.get("client_id")) return oauthError(BAD_AUTH_CODE, flavour);
  if (code.expiresAt && code.expiresAt <= now) return oauthError(EXPIRED_AUTH_CODE, flavour);
  // Checked before the code is spent, so a mistyped redirect_uri doesn't burn the install.
  if (form.get("redirect_uri") !== code.redirectUri) {
    return oauthError(
      failure(
        "BAD_REDIRECT_URI",
        "invalid_grant",
        "redirect_uri does not match the redirect_uri used to obtain the auth code",
      ),
      flavour,
    );
  }

  const issued = await redeemAuthorizationCode(code, portal.dataHostingLocation, now);
  if (!issued) return oauthError(BAD_AUTH_CODE, flavour);
  return tokenResponse(call, issued.accessToken, issued.accessGrant, issued.refreshToken);
}

/**
 * A refresh answers with the same refresh token it was sent: HubSpot's refresh tokens are
 * long-lived and this is what its token endpoint does today, but the app must store
 * whatever comes back, so nothing here relies on it.
 */
async function refreshAccessToken(call: SandboxCall, flavour: OAuthFlavour) {
  const { grant, form, now } = call;
  const refreshToken = form.get("refresh_token");
  if (
    !refreshToken ||
    !grant ||
    !isLive(grant, "refresh_token", now) ||
    grant.clientId !== form.get("client_id")
  ) {
    return oauthError(BAD_REFRESH_TOKEN, flavour);
  }

  const subject = {
    hubId: grant.hubId,
    userId: grant.userId,
    scopes: grant.scopes,
    clientId: grant.clientId,
  };
  const { accessToken, accessGrant } = await issueAccessToken(subject, now);
  return tokenResponse(call, accessToken, accessGrant, refreshToken);
}

function tokenResponse(
  call: SandboxCall,
  accessToken: string,
  accessGrant: SandboxGrant,
  refreshToken: string,
) {
  return jsonResponse(
    {
      token_type: "bearer",
      refresh_token: refreshToken,
      access_token: accessToken,
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      token_use: "access_token",
      hub_id: accessGrant.hubId,
      user_id: accessGrant.userId,
      scopes: effectiveScopes(accessGrant, call.faults),
    },
    200,
    NO_STORE,
  );
}

function requireToken(form: URLSearchParams) {
  return form.get("token") ? null : failure("BAD_REQUEST", "invalid_request", "missing token");
}

/**
 * RFC 7662 introspection: a token that is unknown, revoked, expired, of another client or
 * of another kind (a code) is `{"active": false}`, never an error.
 */
export async function introspectToken(call: SandboxCall) {
  const problem = checkClient(call.form) ?? requireToken(call.form);
  if (problem) return oauthError(problem, "rfc");

  const { grant, now } = call;
  const active =
    grant &&
    grant.clientId === call.form.get("client_id") &&
    (isLive(grant, "access_token", now) || isLive(grant, "refresh_token", now));
  const info = active ? tokenInfo(call, grant, call.form.get("token")!) : undefined;
  if (!info) return jsonResponse({ active: false }, 200, NO_STORE);

  return jsonResponse({ active: true, ...info }, 200, NO_STORE);
}

/** RFC 7009 revocation: 200 for a token revoked now, already revoked, or never known. */
export async function revokeToken(call: SandboxCall) {
  const problem = checkClient(call.form) ?? requireToken(call.form);
  if (problem) return oauthError(problem, "rfc");

  const { grant } = call;
  if (grant && grant.kind !== "code" && grant.clientId === call.form.get("client_id")) {
    await revokeGrant(grant.id, call.now);
  }
  return emptyResponse(200, NO_STORE);
}

/**
 * v1 token metadata. A dead access token answers like a dead token on any other API (401,
 * EXPIRED_AUTHENTICATION when it has expired, INVALID_AUTHENTICATION otherwise); a dead
 * refresh token answers 400 BAD_REFRESH_TOKEN, as the token endpoint does for it.
 */
export async function getLegacyAccessTokenInfo(call: SandboxCall) {
  const { grant, now } = call;
  const token = call.params.token!;
  if (
    grant?.kind === "access_token" &&
    !grant.revokedAt &&
    grant.expiresAt &&
    grant.expiresAt <= now
  ) {
    return expiredTokenError(grant.expiresAt, now);
  }
  const info = grant && isLive(grant, "access_token", now) ? tokenInfo(call, grant, token) : null;
  if (!info) return invalidTokenError();

  // The v1 answer is the same metadata without `active`, `client_id` or `token_use`.
  const legacy = without(info, "client_id", "token_use");
  return jsonResponse({ ...legacy, token_type: "access" }, 200, NO_STORE);
}

export async function getLegacyRefreshTokenInfo(call: SandboxCall) {
  const { grant, now } = call;
  const info =
    grant && isLive(grant, "refresh_token", now)
      ? tokenInfo(call, grant, call.params.token!)
      : null;
  if (!info) return oauthError(BAD_REFRESH_TOKEN, "legacy");

  const legacy = without(info, "app_id", "token_use");
  return jsonResponse({ ...legacy, token_type: "refresh" }, 200, NO_STORE);
}

export async function deleteLegacyRefreshToken(call: SandboxCall) {
  const { grant, now } = call;
  if (!grant || !isLive(grant, "refresh_token", now) || !(await revokeGrant(grant.id, now))) {
    return oauthError(BAD_REFRESH_TOKEN, "legacy");
  }
  return emptyResponse(204);
}

function without<T extends object>(value: T, ...keys: string[]) {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function tokenInfo(call: SandboxCall, grant: SandboxGrant, token: string) {
  const portal = portalOf(grant);
  const user = installingUserOf(grant);
  if (!portal) return null;

  const app = sandboxApp();
  const scopes = effectiveScopes(grant, call.faults);
  const common = {
    token,
    token_type: "bearer",
    hub_id: grant.hubId,
    ...(portal.hubDomain ? { hub_domain: portal.hubDomain } : {}),
    ...(user ? { user: user.email } : {}),
    user_id: grant.userId,
    app_id: app.appId ?? 0,
    client_id: grant.clientId,
    scopes,
  };
  if (grant.kind === "refresh_token") return { ...common, token_use: "refresh_token" };

  return {
    ...common,
    token_use: "access_token",
    expires_in: secondsUntil(grant.expiresAt, call.now),
    is_private_distribution: false,
    signed_access_token: signedAccessToken(grant, portal, app.appId ?? 0, scopes),
  };
}

/**
 * The `signed_access_token` object HubSpot adds to access token metadata. Its signatures
 * here are HMACs with a sandbox-only key: they are there to be present, not verified.
 */
function signedAccessToken(
  grant: SandboxGrant,
  portal: SandboxPortal,
  appId: number,
  scopes: string[],
) {
  const fields = {
    appId,
    appInstallId: `${appId}${grant.hubId}`,
    audience: portal.dataHostingLocation === "eu1" ? "api-eu1.hubapi.com" : "api.hubapi.com",
    expiresAt: grant.expiresAt?.getTime() ?? 0,
    hubId: grant.hubId,
    hublet: portal.dataHostingLocation,
    installingUserId: grant.userId,
    isPrivateDistribution: false,
    isServiceAccount: false,
    isUserLevel: false,
    scopeToScopeGroupPks: scopes.map((scope) => SANDBOX_SCOPES[scope]?.groupPk ?? 0).join(","),
    scopes: scopes.join(","),
    trialScopeToScopeGroupPks: "",
    trialScopes: "",
    userId: grant.userId,
  };
  const payload = JSON.stringify(fields);
  const sign = (algorithm: string) =>
    createHmac(algorithm, "portalscope-sandbox-signing-key").update(payload).digest("base64url");
  return { ...fields, signature: sign("sha1"), newSignature: sign("sha256") };
}

export function invalidTokenError() {
  return apiError(
    401,
    "INVALID_AUTHENTICATION",
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
  );
}

export function expiredTokenError(expiredAt: Date, now: Date) {
  return apiError(
    401,
    "EXPIRED_AUTHENTICATION",
    `The OAuth token used to make this call expired ${describeAge(now.getTime() - expiredAt.getTime())} ago.`,
  );
}

function describeAge(ms: number) {
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1000, "second"],
  ];
  for (const [size, name] of units) {
    if (ms >= size) return `${Math.floor(ms / size)} ${name}(s)`;
  }
  return "0 second(s)";
}
