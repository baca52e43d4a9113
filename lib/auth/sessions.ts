import "server-only";

import { z } from "zod";
import type { Db } from "../db";
import type { Role } from "./roles";

/**
 * Operator sessions live in PostgreSQL. The session cookie (a JWT encrypted with
 * AUTH_SECRET) only names a row here, and every request loads that row with its
 * operator: signing out, disabling an operator or resetting a password deletes rows, and
 * the browsers holding them are signed out on their next request.
 */

export interface SessionOperator {
  sessionId: string;
  operatorId: string;
  email: string;
  name: string;
  role: Role;
}

export async function createOperatorSession(
  db: Db,
  operatorId: string,
  hours: number,
  now = new Date(),
) {
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  // Expired rows are useless; clearing them here keeps the table small without a job.
  const [, session] = await db.$transaction([
    db.operatorSession.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.operatorSession.create({
      data: { operatorId, expiresAt },
      select: { id: true, expiresAt: true },
    }),
  ]);
  return session;
}

/** The session's operator, or null when the session ended, expired, or its operator is disabled. */
export async function loadSession(
  db: Db,
  sessionId: string,
  now = new Date(),
): Promise<SessionOperator | null> {
  if (!z.uuid().safeParse(sessionId).success) return null;
  const row = await db.operatorSession.findUnique({
    where: { id: sessionId },
    select: {
      expiresAt: true,
      operator: { select: { id: true, email: true, name: true, role: true, disabledAt: true } },
    },
  });
  if (!row || row.expiresAt <= now || row.operator.disabledAt) return null;
  const { operator } = row;
  return {
    sessionId,
    operatorId: operator.id,
    email: operator.email,
    name: operator.name,
    role: operator.role,
  };
}

export async function endSession(db: Db, sessionId: string) {
  await db.operatorSession.deleteMany({ where: { id: sessionId } });
}

export async function endOperatorSessions(db: Pick<Db, "operatorSession">, operatorId: string) {
  await db.operatorSession.deleteMany({ where: { operatorId } });
}
