import pLimit from "p-limit";

import { authorize } from "../auth";
import type { Db } from "../db";
import type { HealthFilter } from "../installations/list-params";
import { installationFilter } from "../installations/queries";
import { logger } from "../logger";
import { resyncInstallation, type ResyncDeps } from "./resync";

/**
 * Bulk re-sync: a snapshot of the installations a search selects, re-synced with bounded
 * concurrency. Each portal's own throttle keeps it under HubSpot's limit; the bound keeps
 * the number of portals in flight (and database connections) in check. Counters live in
 * the row so any process can show progress, and a cancel request stops new work.
 */

export const BULK_ATTEMPTS = 4;

export async function createBulkResync(
  db: Db,
  input: { q: string; health?: HealthFilter; createdBy: string },
) {
  await authorize("admin");
  const ids = await db.installation.findMany({
    where: installationFilter(input.q, input.health),
    select: { id: true },
    orderBy: { installedAt: "asc" },
  });
  return db.bulkResync.create({
    data: {
      query: input.q,
      health: input.health ?? null,
      installationIds: ids.map((row) => row.id),
      total: ids.length,
      createdBy: input.createdBy,
    },
    select: { id: true, total: true },
  });
}

export async function cancelBulkResync(db: Db, id: string) {
  await authorize("admin");
  const { count } = await db.bulkResync.updateMany({
    where: { id, status: { in: ["queued", "running"] }, cancelRequestedAt: null },
    data: { cancelRequestedAt: new Date() },
  });
  return count === 1;
}

export async function getBulkResync(db: Db, id: string) {
  await authorize("viewer");
  return readBulkResync(db, id);
}

function readBulkResync(db: Db, id: string) {
  return db.bulkResync.findUnique({
    where: { id },
    select: {
      id: true,
      query: true,
      health: true,
      total: true,
      succeeded: true,
      failed: true,
      skipped: true,
      status: true,
      createdBy: true,
      cancelRequestedAt: true,
      startedAt: true,
      finishedAt: true,
      createdAt: true,
    },
  });
}

/**
 * Runs a bulk re-sync. Called by the worker, which acts as "system": the operator's right to
 * start the run was checked when createBulkResync() recorded it.
 */
export async function runBulkResync(
  deps: ResyncDeps,
  id: string,
  options: { concurrency: number; retryDelayMs?: number },
) {
  const { db } = deps;
  // Only one runner takes a queued run, even if the job is delivered twice.
  const { count } = await db.bulkResync.updateMany({
    where: { id, status: "queued" },
    data: { status: "running", startedAt: new Date() },
  });
  if (count === 0) return readBulkResync(db, id);

  const run = await db.bulkResync.findUniqueOrThrow({ where: { id } });
  const actor = `${run.createdBy} (bulk)`;
  const limit = pLimit(options.concurrency);
  let cancelled = run.cancelRequestedAt !== null;
  const watcher = setInterval(async () => {
    const row = await db.bulkResync.findUnique({
      where: { id },
      select: { cancelRequestedAt: true },
    });
    cancelled = Boolean(row?.cancelRequestedAt);
  }, 250);

  const count1 = (field: "succeeded" | "failed" | "skipped") =>
    db.bulkResync.update({ where: { id }, data: { [field]: { increment: 1 } } });

  try {
    await Promise.all(
      run.installationIds.map((installationId) =>
        limit(async () => {
          for (let attempt = 1; ; attempt++) {
            if (cancelled) return count1("skipped");
            const outcome = await resyncInstallation(deps, installationId, actor).catch((error) => {
              logger.error(
                { err: error, installationId, bulkResyncId: id },
                "bulk re-sync item failed",
              );
              return null;
            });
            if (outcome?.ok) return count1("succeeded");
            // A transient failure gets a few more tries within the run before it counts.
            if (attempt >= BULK_ATTEMPTS || outcome?.skipped) return count1("failed");
            await new Promise((resolve) =>
              setTimeout(resolve, (options.retryDelayMs ?? 1000) * attempt),
            );
          }
        }),
      ),
    );
  } finally {
    clearInterval(watcher);
    await db.bulkResync.update({
      where: { id },
      data: { status: cancelled ? "cancelled" : "done", finishedAt: new Date() },
    });
  }
  logger.info({ bulkResyncId: id, total: run.total }, "bulk re-sync finished");
  return readBulkResync(db, id);
}

/** A bulk re-sync as plain JSON, for the progress view and its polling endpoint. */
export function toBulkResyncView(run: NonNullable<Awaited<ReturnType<typeof readBulkResync>>>) {
  return {
    ...run,
    cancelRequestedAt: run.cancelRequestedAt?.toISOString() ?? null,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    createdAt: run.createdAt.toISOString(),
  };
}
