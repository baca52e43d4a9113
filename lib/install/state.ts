import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import type { Db } from "../db";

/**
 * OAuth `state` for the install flow. The state travels through HubSpot in the URL; a
 * second random value stays in an HttpOnly cookie of the browser that started the
 * install. Only hashes of both are stored, each row is deleted as it is used, and it
 * expires after ten minutes.
 */
export const STATE_TTL_MS = 10 * 60 * 1000;
export const STATE_COOKIE = "portalscope_install";

export type StateProblem = "missing" | "unknown" | "expired" | "other_browser";

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");
const randomToken = () => randomBytes(32).toString("base64url");

export async function createInstallState(db: Db, now = new Date()) {
  const state = randomToken();
  const browserKey = randomToken();

  // Old rows are useless past their expiry; clearing them here keeps the table small
  // without a separate job.
  await db.$transaction([
    db.oAuthState.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.oAuthState.create({
      data: {
        stateHash: sha256(state),
        browserHash: sha256(browserKey),
        createdAt: now,
        expiresAt: new Date(now.getTime() + STATE_TTL_MS),
      },
    }),
  ]);

  return { state, browserKey };
}

/**
 * Uses up a state. It is deleted whether or not it is valid for this browser, so a
 * state seen by anyone else can never be replayed.
 */
export async function consumeInstallState(
  db: Db,
  state: string | undefined,
  browserKey: string | undefined,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; problem: StateProblem }> {
  if (!state) return { ok: false, problem: "missing" };

  // DELETE … RETURNING makes "read and use up" one step: two callbacks racing with the
  // same state cannot both succeed.
  const rows = await db.$queryRaw<Array<{ browser_hash: string; expires_at: Date }>>`
    DELETE FROM "oauth_state" WHERE "state_hash" = ${sha256(state)}
    RETURNING "browser_hash", "expires_at"`;
  const row = rows[0];
  if (!row) return { ok: false, problem: "unknown" };
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, problem: "expired" };
  if (!browserKey || !sameHash(row.browser_hash, sha256(browserKey))) {
    return { ok: false, problem: "other_browser" };
  }
  return { ok: true };
}

function sameHash(a: string, b: string) {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
