import PgBoss from "pg-boss";

import { getConfig } from "./config";
import { logger } from "./logger";

/**
 * Background jobs live in PostgreSQL (pg-boss), so several workers on several machines
 * share them and each job runs once.
 */
export const QUEUES = {
  /** Re-sync one installation; at most one queued per installation. */
  resync: "resync-installation",
  bulk: "bulk-resync",
  /** Every minute: queue re-syncs for tokens near expiry and degraded retries that are due. */
  due: "resync-due",
  /** On the RESYNC_CRON schedule: queue a re-sync of every installation. */
  all: "resync-all",
} as const;

const globalForBoss = globalThis as unknown as { portalscopeBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  return (globalForBoss.portalscopeBoss ??= startBoss());
}

async function startBoss() {
  const url = getConfig().databaseUrl;
  if (!url) throw new Error("DATABASE_URL is not set.");
  const boss = new PgBoss({ connectionString: url, max: 4, application_name: "portalscope-jobs" });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

export async function ensureQueues(boss: PgBoss) {
  const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
  const wanted: PgBoss.Queue[] = [
    { name: QUEUES.resync, policy: "stately", retryLimit: 0, expireInMinutes: 5 },
    { name: QUEUES.bulk, policy: "standard", retryLimit: 0, expireInHours: 6 },
    { name: QUEUES.due, policy: "singleton", retryLimit: 0 },
    { name: QUEUES.all, policy: "singleton", retryLimit: 0 },
  ];
  for (const queue of wanted) {
    if (!existing.has(queue.name)) await boss.createQueue(queue.name, queue);
  }
}

export async function enqueueBulkResync(bulkResyncId: string) {
  const boss = await getBoss();
  return boss.send(QUEUES.bulk, { bulkResyncId });
}

export async function enqueueResync(installationIds: string[]) {
  const boss = await getBoss();
  for (const installationId of installationIds) {
    await boss.send(QUEUES.resync, { installationId }, { singletonKey: installationId });
  }
}
