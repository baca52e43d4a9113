import pThrottle from "p-throttle";

/**
 * HubSpot allows a public app 110 requests per rolling 10 seconds per installing account.
 * Each portal gets its own strict sliding-window throttle, so a busy portal never slows
 * another one down. Re-syncs of one portal are serialized across processes by the sync
 * lock, so a per-process window is enough to keep each portal under the limit.
 */
export function createPortalLimiter(options: { limit: number; intervalMs: number }) {
  const throttles = new Map<number, () => Promise<void>>();

  return async function waitForTurn(context: { hubId?: number }) {
    if (context.hubId === undefined) return;
    let wait = throttles.get(context.hubId);
    if (!wait) {
      const throttle = pThrottle({
        limit: options.limit,
        interval: options.intervalMs,
        strict: true,
      });
      wait = throttle(async () => undefined);
      throttles.set(context.hubId, wait);
    }
    await wait();
  };
}
