import type PgBoss from "pg-boss";

import { getConfig } from "./config";
import { getBoss, QUEUES } from "./jobs";
import { logger } from "./logger";
import { runBulkResync } from "./sync/bulk";
import { getResyncDeps } from "./sync/deps";
import { REFRESH_AHEAD_MS, resyncInstallation } from "./sync/resync";

/** Tokens are refreshed this far ahead of expiry by the scheduled sweep. */
const SWEEP_AHEAD_MS = REFRESH_AHEAD_MS + 5 * 60_000;

/**
 * The background worker: a scheduled re-sync of every installation, refreshes ahead of
 * expiry, retries of degraded installations, and bulk re-syncs started from the dashboard.
 */
export async function startWorker() {
  const config = getConfig();
  const deps = getResyncDeps();
  const boss = await getBoss();

  await boss.schedule(QUEUES.due, "* * * * *");
  await boss.schedule(QUEUES.all, config.resync.cron);

  await boss.work<{ installationId: string }>(
    QUEUES.resync,
    { batchSize: config.resync.concurrency, pollingIntervalSeconds: 1 },
    async (jobs) => {
      // A failed re-sync is recorded on the installation; the job itself never throws.
      await Promise.allSettled(
        jobs.map((job) => resyncInstallation(deps, job.data.installationId, "system")),
      );
    },
  );

  await boss.work<{ bulkResyncId: string }>(
    QUEUES.bulk,
    { pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (job)
        await runBulkResync(deps, job.data.bulkResyncId, {
          concurrency: config.resync.concurrency,
        });
    },
  );

  await boss.work(QUEUES.due, async () => queueDue(boss));
  await boss.work(QUEUES.all, async () => queueAll(boss));

  logger.info(
    { concurrency: config.resync.concurrency, cron: config.resync.cron },
    "worker started",
  );
  return boss;
}

async function queueDue(boss: PgBoss) {
  const now = new Date();
  const due = await getResyncDeps().db.installation.findMany({
    where: {
      health: { not: "UNINSTALLED" },
      OR: [{ rateLimitedUntil: null }, { rateLimitedUntil: { lte: now } }],
      AND: [
        {
          OR: [
            { accessTokenExpiresAt: { lte: new Date(now.getTime() + SWEEP_AHEAD_MS) } },
            { nextAttemptAt: { lte: now } },
          ],
        },
      ],
    },
    select: { id: true },
    take: 1000,
  });
  await send(
    boss,
    due.map((row) => row.id),
  );
}

async function queueAll(boss: PgBoss) {
  const all = await getResyncDeps().db.installation.findMany({
    where: { health: { not: "UNINSTALLED" } },
    select: { id: true },
  });
  await send(
    boss,
    all.map((row) => row.id),
  );
}

async function send(boss: PgBoss, ids: string[]) {
  for (const installationId of ids) {
    await boss.send(QUEUES.resync, { installationId }, { singletonKey: installationId });
  }
  if (ids.length) logger.info({ queued: ids.length }, "re-syncs queued");
}
