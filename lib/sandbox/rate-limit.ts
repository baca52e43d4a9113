import "server-only";

/**
 * HubSpot's burst limit for public OAuth apps: 110 requests per rolling 10 seconds per
 * installing account. Kept in this process's memory: several app processes each count on
 * their own, so together they can exceed the limit before any of them answers 429.
 */
export const RATE_LIMIT_INTERVAL_MS = 10_000;
export const RATE_LIMIT_MAX = 110;

const globalForLimits = globalThis as unknown as { portalscopeSandboxHits?: Map<string, number[]> };
const hitsByBucket = (globalForLimits.portalscopeSandboxHits ??= new Map<string, number[]>());

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window. */
  resetInMs: number;
}

/**
 * Counts one request against `bucket` (a hub id, or a name for requests that can't be tied
 * to a portal). A refused request is not counted, so a client that keeps retrying gets
 * through as soon as the window frees a slot.
 */
export function hitRateLimit(bucket: string, now = Date.now()): RateLimitResult {
  const since = now - RATE_LIMIT_INTERVAL_MS;
  const hits = (hitsByBucket.get(bucket) ?? []).filter((at) => at > since);
  const allowed = hits.length < RATE_LIMIT_MAX;
  if (allowed) hits.push(now);
  hitsByBucket.set(bucket, hits);

  const oldest = hits[0] ?? now;
  return {
    allowed,
    remaining: Math.max(0, RATE_LIMIT_MAX - hits.length),
    resetInMs: Math.max(0, oldest + RATE_LIMIT_INTERVAL_MS - now),
  };
}

export function rateLimitHeaders(remaining: number): Record<string, string> {
  return {
    "X-HubSpot-RateLimit-Interval-Milliseconds": String(RATE_LIMIT_INTERVAL_MS),
    "X-HubSpot-RateLimit-Max": String(RATE_LIMIT_MAX),
    "X-HubSpot-RateLimit-Remaining": String(remaining),
  };
}

/** Forgets every count: for tests and benchmarks that need a fresh window. */
export function resetSandboxRateLimits() {
  hitsByBucket.clear();
}
