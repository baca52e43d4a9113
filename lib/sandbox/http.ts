import "server-only";

import { randomUUID } from "node:crypto";

/**
 * Answers in HubSpot's wire format: JSON as `application/json;charset=utf-8`, a correlation
 * id in both the header and any error body, and HubSpot's two error families (the OAuth
 * endpoints' `status` codes and every other API's `category` errors).
 */

export const JSON_CONTENT_TYPE = "application/json;charset=utf-8";

export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}) {
  const correlationId =
    typeof body === "object" && body !== null && "correlationId" in body
      ? String(body.correlationId)
      : randomUUID();
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": JSON_CONTENT_TYPE,
      "X-HubSpot-Correlation-Id": correlationId,
      ...headers,
    },
  });
}

export function emptyResponse(status: number, headers: HeadersInit = {}) {
  return new Response(null, {
    status,
    headers: { "X-HubSpot-Correlation-Id": randomUUID(), ...headers },
  });
}

export type ErrorCategory =
  | "EXPIRED_AUTHENTICATION"
  | "INVALID_AUTHENTICATION"
  | "MISSING_SCOPES"
  | "OBJECT_NOT_FOUND"
  | "VALIDATION_ERROR"
  | "RATE_LIMITS"
  | "INTERNAL_ERROR";

export interface ErrorExtras {
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: { message: string; code?: string; in?: string; context?: Record<string, string[]> }[];
  links?: Record<string, string>;
  [key: string]: unknown;
}

/** HubSpot's common error body: `{status:"error", message, correlationId, category, …}`. */
export function apiError(
  httpStatus: number,
  category: ErrorCategory,
  message: string,
  extras: ErrorExtras = {},
  headers: HeadersInit = {},
) {
  return jsonResponse(
    { status: "error", message, correlationId: randomUUID(), category, ...extras },
    httpStatus,
    headers,
  );
}

export type LegacyOAuthStatus =
  | "BAD_AUTH_CODE"
  | "EXPIRED_AUTH_CODE"
  | "BAD_REFRESH_TOKEN"
  | "BAD_CLIENT_ID"
  | "BAD_REDIRECT_URI"
  | "BAD_GRANT_TYPE"
  | "BAD_REQUEST";

export type RfcOAuthError =
  "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type";

export interface OAuthFailure {
  status: LegacyOAuthStatus;
  message: string;
  error: RfcOAuthError;
}

/**
 * An OAuth endpoint's refusal. Always 400: the client authenticates in the body, so RFC
 * 6749 does not ask for 401 on `invalid_client`, and HubSpot's v1 answers 400 throughout.
 * The v1 endpoints answer HubSpot's `{status, message}`; the 2026-03/v3 ones add RFC 6749's
 * `error` and `error_description` beside them. `category` and `correlationId` are there
 * because HubSpot's published Error schema requires them.
 */
export function oauthError(failure: OAuthFailure, flavour: "legacy" | "rfc") {
  const body = {
    status: failure.status,
    message: failure.message,
    correlationId: randomUUID(),
    category: "VALIDATION_ERROR",
    ...(flavour === "rfc" ? { error: failure.error, error_description: failure.message } : {}),
  };
  return jsonResponse(body, 400, { "Cache-Control": "no-store" });
}
