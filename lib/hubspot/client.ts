import type { z } from "zod";

import { describeStatus, HubSpotError, type HubSpotErrorKind } from "./errors";
import {
  accessTokenInfoSchema,
  accountDetailsSchema,
  crmUserSchema,
  hubSpotErrorBodySchema,
  hubSpotUserSchema,
  inactiveTokenSchema,
  refreshResponseSchema,
  refreshTokenInfoSchema,
  teamsSchema,
  tokenResponseSchema,
  workingHoursSchema,
  type AccessTokenInfo,
  type RefreshTokenInfo,
} from "./schemas";

/**
 * Portalscope's own HubSpot client. HubSpot's SDK lacks the 2026-03 OAuth endpoints,
 * drops `hub_id` and `scopes` from token answers, and keeps retry settings in a
 * process-wide singleton; this client is per-call state only, so one portal's token or
 * retry state never serves another portal's call.
 */

export interface HubSpotClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  tokenApi: "2026-03" | "v1";
  timeoutMs: number;
  /** Attempts per call for transient failures (5xx, 429, timeouts). 1 disables retries. */
  maxAttempts?: number;
  baseDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails as rate-limited. */
  maxDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Awaited before every request; the place for a per-portal rate limiter. */
  beforeRequest?: (context: { hubId?: number; operation: string }) => Promise<void>;
}

export type TokenIntrospection<T> = ({ active: true } & T) | { active: false };

interface Request {
  operation: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  accessToken?: string;
  hubId?: number;
  /** Whether a retry is safe after the request may have reached HubSpot. */
  idempotent: boolean;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHubSpotClient(options: HubSpotClientOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? sleepFor;
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const base = options.baseUrl.replace(/\/+$/, "");
  const v1 = options.tokenApi === "v1";
  const tokenPath = v1 ? "/oauth/v1/token" : "/oauth/2026-03/token";
  const credentials = { client_id: options.clientId, client_secret: options.clientSecret };

  async function send(request: Request): Promise<{ status: number; body: unknown }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await sendOnce(request);
      } catch (error) {
        if (!(error instanceof HubSpotError) || attempt >= maxAttempts) throw error;
        const delay = retryDelay(error, request, attempt);
        if (delay === undefined) throw error;
        await sleep(delay);
      }
    }
  }

  function retryDelay(error: HubSpotError, request: Request, attempt: number) {
    if (!error.transient) return undefined;
    // A code exchange that may have reached HubSpot used the code up: don't resend it.
    if (!request.idempotent && error.kind !== "rate_limited") return undefined;
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs <= maxDelayMs ? error.retryAfterMs : undefined;
    }
    const backoff = baseDelayMs * 2 ** (attempt - 1);
    return Math.min(maxDelayMs, backoff / 2 + Math.random() * backoff);
  }

  async function sendOnce(request: Request) {
    await options.beforeRequest?.({ hubId: request.hubId, operation: request.operation });

    const url = new URL(base + request.path);
    for (const [key, value] of Object.entries(request.query ?? {}))
      url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: "application/json" };
    if (request.accessToken) headers.authorization = `Bearer ${request.accessToken}`;
    if (request.form) headers["content-type"] = "application/x-www-form-urlencoded";

    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers,
        body: request.form ? new URLSearchParams(request.form).toString() : undefined,
        signal: AbortSignal.timeout(options.timeoutMs),
        cache: "no-store",
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && /TimeoutError|AbortError/.test(error.name);
      throw failure(request, timedOut ? "timeout" : "network");
    }

    const body = parseJson(text);
    if (response.ok) {
      if (body === undefined && text.trim() !== "") throw malformed(request, "not JSON");
      return { status: response.status, body };
    }
    throw errorFromResponse(request, response, body);
  }

  async function call<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
    const { body } = await send(request);
    return parseAnswer(request, schema, body);
  }

  async function introspect<T extends z.ZodType>(
    token: string,
    hint: "access_token" | "refresh_token",
    schema: T,
  ): Promise<TokenIntrospection<z.infer<T>>> {
    const operation = `${hint === "access_token" ? "access" : "refresh"} token introspection`;

    if (v1) {
      // v1 puts the token in the path and answers without `active`; a revoked or unknown
      // token gets a 4xx there.
      const kind = hint === "access_token" ? "access-tokens" : "refresh-tokens";
      try {
        const info = await call(
          {
            operation,
            method: "GET",
            path: `/oauth/v1/${kind}/${encodeURIComponent(token)}`,
            idempotent: true,
          },
          schema,
        );
        return { ...(info as object), active: true } as TokenIntrospection<z.infer<T>>;
      } catch (error) {
        if (
          error instanceof HubSpotError &&
          ["rejected", "not_found", "unauthorized"].includes(error.kind)
        ) {
          return { active: false };
        }
        throw error;
      }
    }

    const request: Request = {
      operation,
      method: "POST",
      path: "/oauth/2026-03/token/introspect",
      form: { ...credentials, token, token_type_hint: hint },
      idempotent: true,
    };
    const { body } = await send(request);
    const inactive = inactiveTokenSchema.safeParse(body);
    if (inactive.success) return { active: false };
    return {
      ...(parseAnswer(request, schema, body) as object),
      active: true,
    } as TokenIntrospection<z.infer<T>>;
  }

  return {
    tokenApi: options.tokenApi,

    exchangeCode(code: string) {
      return call(
        {
          operation: "the authorization code exchange",
          method: "POST",
          path: tokenPath,
          form: {
            grant_type: "authorization_code",
            ...credentials,
            redirect_uri: options.redirectUri,
            code,
          },
          idempotent: false,
        },
        tokenResponseSchema,
      );
    },

    refreshAccessToken(refreshToken: string, hubId?: number) {
      return call(
        {
          operation: "the access token refresh",
          method: "POST",
          path: tokenPath,
          form: { grant_type: "refresh_token", ...credentials, refresh_token: refreshToken },
          hubId,
          idempotent: true,
        },
        refreshResponseSchema,
      );
    },

    introspectAccessToken(token: string): Promise<TokenIntrospection<AccessTokenInfo>> {
      return introspect(token, "access_token", accessTokenInfoSchema);
    },

    introspectRefreshToken(token: string): Promise<TokenIntrospection<RefreshTokenInfo>> {
      return introspect(token, "refresh_token", refreshTokenInfoSchema);
    },

    async revokeRefreshToken(token: string, hubId?: number) {
      const request: Request = v1
        ? {
            operation: "the refresh token revocation",
            method: "DELETE",
            path: `/oauth/v1/refresh-tokens/${encodeURIComponent(token)}`,
            hubId,
            idempotent: true,
          }
        : {
            operation: "the refresh token revocation",
            method: "POST",
            path: "/oauth/2026-03/token/revoke",
            form: { ...credentials, token, token_type_hint: "refresh_token" },
            hubId,
            idempotent: true,
          };
      await send(request);
    },

    getUser(accessToken: string, hubId: number, who: { id: number } | { email: string }) {
      const byEmail = "email" in who;
      return call(
        {
          operation: "the installing user lookup",
          method: "GET",
          // encodeURIComponent turns `+` into %2B and `@` into %40, as HubSpot requires.
          path: `/settings/v3/users/${encodeURIComponent(byEmail ? who.email : String(who.id))}`,
          query: { idProperty: byEmail ? "EMAIL" : "USER_ID" },
          accessToken,
          hubId,
          idempotent: true,
        },
        hubSpotUserSchema,
      );
    },

    /** Job title and working hours from the CRM users object, or null when there is none. */
    async getCrmUserDetails(accessToken: string, hubId: number, userId: number) {
      let user: z.infer<typeof crmUserSchema>;
      try {
        user = await call(
          {
            operation: "the CRM user lookup",
            method: "GET",
            path: `/crm/v3/objects/users/${userId}`,
            query: {
              idProperty: "hs_internal_user_id",
              properties: "hs_internal_user_id,hs_job_title,hs_working_hours",
            },
            accessToken,
            hubId,
            idempotent: true,
          },
          crmUserSchema,
        );
      } catch (error) {
        if (error instanceof HubSpotError && error.kind === "not_found") return null;
        throw error;
      }

      const hours = workingHoursSchema.safeParse(parseJson(user.properties.hs_working_hours ?? ""));
      return {
        jobTitle: user.properties.hs_job_title || null,
        workingHours: hours.success ? hours.data : null,
      };
    },

    async listTeams(accessToken: string, hubId: number) {
      const page = await call(
        {
          operation: "the teams lookup",
          method: "GET",
          path: "/settings/v3/users/teams",
          accessToken,
          hubId,
          idempotent: true,
        },
        teamsSchema,
      );
      return page.results;
    },

    getAccountDetails(accessToken: string, hubId: number) {
      return call(
        {
          operation: "the account details lookup",
          method: "GET",
          path: "/account-info/v3/details",
          accessToken,
          hubId,
          idempotent: true,
        },
        accountDetailsSchema,
      );
    },

    async uninstallApp(accessToken: string, hubId: number) {
      await send({
        operation: "the app uninstall",
        method: "DELETE",
        path: "/appinstalls/v3/external-install",
        accessToken,
        hubId,
        idempotent: true,
      });
    },
  };
}

export type HubSpotClient = ReturnType<typeof createHubSpotClient>;

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseAnswer<T extends z.ZodType>(request: Request, schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
  throw malformed(request, where);
}

function malformed(request: Request, detail: string) {
  return new HubSpotError({
    kind: "malformed",
    operation: request.operation,
    message: `HubSpot answered ${request.operation} with an unexpected shape (${detail}).`,
  });
}

function failure(request: Request, kind: HubSpotErrorKind) {
  return new HubSpotError({
    kind,
    operation: request.operation,
    message: describeStatus(kind, request.operation),
  });
}

function errorFromResponse(request: Request, response: Response, raw: unknown) {
  const parsedBody = hubSpotErrorBodySchema.safeParse(raw);
  const body = parsedBody.success ? parsedBody.data : undefined;
  const status = response.status;

  let kind: HubSpotErrorKind;
  if (status === 429) kind = "rate_limited";
  else if (status >= 500 || status === 423) kind = "server";
  else if (status === 401) kind = "unauthorized";
  else if (status === 403 && body?.category === "MISSING_SCOPES") kind = "missing_scopes";
  else if (status === 404) kind = "not_found";
  else kind = "rejected";

  const detail = body?.error_description ?? body?.message;
  const code = body?.status && body.status !== "error" ? body.status : body?.error;
  const summary = describeStatus(kind, request.operation, status);
  const message = [summary, code && `[${code}]`, detail && clip(detail)].filter(Boolean).join(" ");

  return new HubSpotError({
    kind,
    operation: request.operation,
    status,
    body,
    message,
    retryAfterMs: retryAfter(response.headers.get("retry-after"), status),
  });
}

function retryAfter(header: string | null, status: number) {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  // HubSpot documents 423 Locked as "wait at least two seconds".
  return status === 423 ? 2000 : undefined;
}

function clip(text: string) {
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}
