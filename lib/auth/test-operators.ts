// Helpers for tests that need operators: real rows, real bcrypt hashes, real sessions.
import { getDb } from "../db";
import { hashPassword } from "./passwords";
import type { Role } from "./roles";
import { createOperatorSession } from "./sessions";

export const TEST_PASSWORD = "a long test password 1";

let cachedHash: Promise<string> | undefined;

/** An operator with TEST_PASSWORD (hashed once per file: bcrypt is slow on purpose). */
export async function insertOperator(role: Role, email = `${role}@team.example`) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return getDb().operator.create({
    data: { email, name: `The ${role}`, role, passwordHash: await cachedHash },
  });
}

/** A signed-in session for a new operator of `role`; its id goes to runWithSession(). */
export async function signedIn(role: Role, email?: string) {
  const operator = await insertOperator(role, email);
  const session = await createOperatorSession(getDb(), operator.id, 8);
  return { operator, sessionId: session.id };
}
