import type { TokenHealth } from "../generated/prisma/enums";

/**
 * Token health as people read it. ACCESS_TOKEN_EXPIRED is never stored: a healthy
 * installation whose access token has lapsed is shown that way, because the next call
 * refreshes it and nothing is wrong.
 */
export function effectiveHealth(stored: TokenHealth, accessTokenExpiresAt: Date, now = new Date()) {
  if (stored === "HEALTHY" && accessTokenExpiresAt.getTime() <= now.getTime()) {
    return "ACCESS_TOKEN_EXPIRED" as const;
  }
  return stored;
}

/** Required scopes the grant lacks: the app asks for more than the portal granted. */
export function scopeDrift(required: readonly string[], granted: readonly string[]) {
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope));
}

/** How long a degraded installation waits before the worker tries again. */
export function retryDelayMs(consecutiveFailures: number) {
  const minutes = Math.min(60, 2 ** Math.max(0, consecutiveFailures - 1));
  return minutes * 60_000;
}

/** HubSpot's DAILY limit resets at midnight; UTC midnight is the conservative choice here. */
export function nextUtcMidnight(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}
