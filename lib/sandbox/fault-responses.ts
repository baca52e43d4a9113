import "server-only";

import { randomUUID } from "node:crypto";

import type { DrawnFaults } from "./faults";
import { waitFor } from "./faults";
import { apiError, JSON_CONTENT_TYPE, jsonResponse } from "./http";

/** How HubSpot words each limit in a 429 body. */
const POLICY_MESSAGES: Record<string, string> = {
  TEN_SECONDLY_ROLLING: "You have reached your ten_secondly_rolling limit.",
  SECONDLY: "You have reached your secondly limit.",
  DAILY: "You have reached your daily limit.",
};

export function rateLimitedResponse(
  policyName = "TEN_SECONDLY_ROLLING",
  retryAfterSeconds?: number,
) {
  return jsonResponse(
    {
      status: "error",
      message: POLICY_MESSAGES[policyName] ?? POLICY_MESSAGES.TEN_SECONDLY_ROLLING,
      errorType: "RATE_LIMIT",
      correlationId: randomUUID(),
      policyName,
      // Not in HubSpot's documented 429 body, but its published Error schema requires it.
      category: "RATE_LIMITS",
    },
    429,
    retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) },
  );
}

// What sits in front of HubSpot answers 502/503/504/521 with an HTML page, not JSON.
function gatewayPage(status: number) {
  const title = `${status} ${status === 504 ? "Gateway Time-out" : "Bad Gateway"}`;
  return new Response(
    `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n`,
    { status, headers: { "Content-Type": "text/html", "X-HubSpot-Correlation-Id": randomUUID() } },
  );
}

/** The answer a failure fault gives instead of the real one. */
export async function failureResponse(
  failure: NonNullable<DrawnFaults["failure"]>,
  signal: AbortSignal,
) {
  switch (failure.kind) {
    case "rate_limit":
      return rateLimitedResponse(failure.policyName, failure.retryAfterSeconds);
    case "server_error":
      return failure.status === 500
        ? apiError(500, "INTERNAL_ERROR", "internal error")
        : gatewayPage(failure.status);
    case "timeout":
      await waitFor(failure.ms, signal);
      return gatewayPage(504);
  }
}

/** The real answer with its body cut in half, as a connection dropped mid-body leaves it. */
export async function cutShort(response: Response) {
  const text = await response.text();
  const body = text ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : '{"results":[';
  const headers = new Headers(response.headers);
  headers.set("Content-Type", JSON_CONTENT_TYPE);
  return new Response(body, { status: response.status === 204 ? 200 : response.status, headers });
}
