import "server-only";

import { setTimeout as sleepFor } from "node:timers/promises";

import { z } from "zod";

import { recordAudit } from "../audit";
import type { Db } from "../db";
import { logger } from "../logger";
import { verifyPassword } from "./passwords";
import type { Role } from "./roles";
import { clearFailures, getLockedUntil, normalizeEmail, recordFailure } from "./throttle";

export const credentialsSchema = z.object({
  email: z.email().max(320).transform(normalizeEmail),
  // Not passwordSchema: a sign-in must be able to try any password an operator has.
  password: z.string().min(1).max(1024),
});

export type SignInRefusal =
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: Date }
  | { ok: false; reason: "disabled" };

export type SignInCheck =
  { ok: true; operator: { id: string; email: string; name: string; role: Role } } | SignInRefusal;

export interface CredentialDeps {
  db: Db;
  /** Holds back the answer to repeated failures; injected so tests can see the delays. */
  sleep?: (ms: number) => Promise<unknown>;
  now?: () => Date;
}

/**
 * Checks an email and password against the operators, with the lockout of throttle.ts,
 * and writes the audit entry for a failure. A success clears the failures; the session
 * and its audit entry are created by the caller.
 */
export async function checkCredentials(
  deps: CredentialDeps,
  input: { email: string; password: string },
  ip: string | null,
): Promise<SignInCheck> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const email = normalizeEmail(input.email);
  const fail = (outcome: string, operatorId: string | null = null) =>
    recordAudit({ action: "sign_in_failed", actor: { operatorId, label: email }, outcome, ip }, db);

  const lockedUntil = await getLockedUntil(db, email, now);
  if (lockedUntil) {
    await fail("locked");
    return { ok: false, reason: "locked", lockedUntil };
  }

  const operator = await db.operator.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, disabledAt: true },
  });
  if (!(await verifyPassword(input.password, operator?.passwordHash ?? null))) {
    const failure = await recordFailure(db, email, now);
    await fail(operator ? "wrong_password" : "unknown_email", operator?.id);
    logger.info(
      { failures: failure.failures, locked: Boolean(failure.lockedUntil) },
      "sign-in refused",
    );
    if (failure.lockedUntil)
      return { ok: false, reason: "locked", lockedUntil: failure.lockedUntil };
    if (failure.delayMs) await (deps.sleep ?? sleepFor)(failure.delayMs);
    return { ok: false, reason: "invalid" };
  }

  // The password is right, so saying the account is disabled tells nothing to a guesser.
  if (!operator || operator.disabledAt) {
    await fail("disabled", operator?.id);
    return { ok: false, reason: "disabled" };
  }

  await clearFailures(db, email);
  await db.operator.update({ where: { id: operator.id }, data: { lastSignInAt: now } });
  const { id, name, role } = operator;
  return { ok: true, operator: { id, email, name, role } };
}
