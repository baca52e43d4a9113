import { randomUUID } from "node:crypto";

import type { Db } from "../db";

/**
 * One re-sync per installation at a time, across every process sharing the database. A
 * conditional update moves the row from free to held only if it is still free, so two
 * processes can't both win; a lock older than the TTL belongs to a crashed process and
 * may be taken over.
 */
export const SYNC_LOCK_TTL_MS = 2 * 60_000;

export async function acquireSyncLock(db: Db, installationId: string, now = new Date()) {
  const lockId = randomUUID();
  const staleBefore = new Date(now.getTime() - SYNC_LOCK_TTL_MS);
  const { count } = await db.installation.updateMany({
    where: {
      id: installationId,
      OR: [{ syncLockedAt: null }, { syncLockedAt: { lt: staleBefore } }],
    },
    data: { syncLockedAt: now, syncLockId: lockId },
  });
  return count === 1 ? lockId : null;
}

export async function releaseSyncLock(db: Db, installationId: string, lockId: string) {
  await db.installation.updateMany({
    where: { id: installationId, syncLockId: lockId },
    data: { syncLockedAt: null, syncLockId: null },
  });
}

/** Waits until nobody holds the lock (or it went stale); polls, since holders may be remote. */
export async function waitForSyncLock(db: Db, installationId: string, pollMs = 100) {
  const deadline = Date.now() + SYNC_LOCK_TTL_MS;
  while (Date.now() < deadline) {
    const row = await db.installation.findUnique({
      where: { id: installationId },
      select: { syncLockedAt: true },
    });
    if (!row?.syncLockedAt) return;
    if (row.syncLockedAt.getTime() < Date.now() - SYNC_LOCK_TTL_MS) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
