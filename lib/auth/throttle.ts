import "server-only";

import type { Db } from "../db";

/**
 * Failed sign-ins per email address (known or unknown, so the answers don't reveal which
 * operators exist). From the third consecutive failure each further failure is answered
 * more slowly; the fifth locks the address for a while, during which no password is
 * even checked. A success clears the count, and failures older than the window are
 * forgotten.
 *
 * The lock is per address, not per client: someone who knows an operator's email can
 * keep that operator locked out, 15 minutes at a time. An owner can't lift it early
 * except by resetting the password.
 */
export const THROTTLE = Object.freeze({
  slowFrom: 3,
  lockAfter: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
});

/** How long the answer to the n-th consecutive failure is held back. */
export function failureDelayMs(failures: number) {
  if (failures < THROTTLE.slowFrom || failures >= THROTTLE.lockAfter) return 0;
  return Math.min(THROTTLE.baseDelayMs * 2 ** (failures - THROTTLE.slowFrom), THROTTLE.maxDelayMs);
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function getLockedUntil(db: Db, email: string, now = new Date()) {
  const row = await db.signInThrottle.findUnique({
    where: { email: normalizeEmail(email) },
    select: { lockedUntil: true },
  });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** Counts a failure in one statement, so that parallel attempts can't undercount. */
export async function recordFailure(db: Db, email: string, now = new Date()) {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  const lockUntil = new Date(now.getTime() + THROTTLE.lockMs);
  const rows = await db.$queryRaw<Array<{ failures: number; locked_until: Date | null }>>`
    INSERT INTO "sign_in_throttle" AS t ("email", "failures", "last_failed_at")
    VALUES (${normalizeEmail(email)}, 1, ${now})
    ON CONFLICT ("email") DO UPDATE SET
      "failures" = CASE WHEN t."last_failed_at" < ${windowStart} THEN 1 ELSE t."failures" + 1 END,
      "last_failed_at" = ${now},
      "locked_until" = CASE
        WHEN t."last_failed_at" >= ${windowStart} AND t."failures" + 1 >= ${THROTTLE.lockAfter}
        THEN ${lockUntil}::timestamptz
        ELSE t."locked_until"
      END
    RETURNING "failures", "locked_until"`;
  const row = rows[0]!;
  const lockedUntil = row.locked_until && row.locked_until > now ? row.locked_until : null;
  return { failures: row.failures, lockedUntil, delayMs: failureDelayMs(row.failures) };
}

export async function clearFailures(db: Pick<Db, "signInThrottle">, email: string) {
  await db.signInThrottle.deleteMany({ where: { email: normalizeEmail(email) } });
}
