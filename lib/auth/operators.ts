import "server-only";

import { z } from "zod";

import { recordAudit, type AuditAction } from "../audit";
import { getDb } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { authorize, type Actor } from "./guard";
import { hashPassword, passwordSchema } from "./passwords";
import { ROLES, roleSchema, type Role } from "./roles";
import { endOperatorSessions } from "./sessions";
import { clearFailures, normalizeEmail } from "./throttle";

/**
 * Managing operators: owners only (or a shell on the server). Every change takes one
 * advisory lock, so two owners demoting each other at the same moment can't leave the
 * team without an owner. Disabling an operator or resetting a password ends that
 * operator's sessions at once.
 */

// Any constant works, as long as nothing else in the database uses it.
export const OPERATORS_LOCK = 72_707_370;

export class OperatorChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OperatorChangeError";
  }
}

export interface OperatorRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  signsInWith: string;
  lastSignInAt: string | null;
  createdAt: string;
}

export async function listOperators(): Promise<OperatorRow[]> {
  await authorize("owner");

  const rows = await getDb().operator.findMany({
    orderBy: [{ disabledAt: { sort: "desc", nulls: "first" } }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabledAt: true,
      lastSignInAt: true,
      createdAt: true,
      // Whether a hash exists, never the hash itself, leaves this function.
      passwordHash: true,
      oidcSubject: true,
    },
  });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabledAt !== null,
    signsInWith: [row.passwordHash && "password", row.oidcSubject && "company account"]
      .filter(Boolean)
      .join(", "),
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }));
}

export const newOperatorSchema = z.object({
  email: z.email("Enter an email address.").max(320).transform(normalizeEmail),
  name: z.string().trim().max(120).default(""),
  role: roleSchema,
  password: passwordSchema,
});

export async function createOperator(input: z.input<typeof newOperatorSchema>) {
  const actor = await authorize("owner");
  const data = newOperatorSchema.parse(input);
  const passwordHash = await hashPassword(data.password);

  return changeOperators(async (tx) => {
    const taken = await tx.operator.findUnique({
      where: { email: data.email },
      select: { id: true },
    });
    if (taken)
      throw new OperatorChangeError(`An operator with the email ${data.email} already exists.`);
    const operator = await tx.operator.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash },
      select: { id: true, email: true },
    });
    // An owner made from a shell closes the first-run setup just as /setup would.
    await tx.setupToken.deleteMany({});
    await audit(tx, actor, "operator_create", data.email, { role: data.role });
    return operator;
  });
}

export async function changeOperatorRole(operatorId: string, role: Role) {
  const actor = await authorize("owner");
  if (!ROLES.includes(role)) throw new OperatorChangeError("Unknown role.");

  await changeOperators(async (tx) => {
    const operator = await findOperator(tx, operatorId);
    if (operator.role === role) return;
    if (operator.role === "owner" && !operator.disabledAt) await keepAnOwner(tx, operator.id);
    await tx.operator.update({ where: { id: operator.id }, data: { role } });
    await audit(tx, actor, "operator_role_change", operator.email, {
      from: operator.role,
      to: role,
    });
  });
}

export async function disableOperator(operatorId: string) {
  const actor = await authorize("owner");

  await changeOperators(async (tx) => {
    const operator = await findOperator(tx, operatorId);
    if (operator.disabledAt) return;
    if (operator.id === actor.operatorId) {
      throw new OperatorChangeError("You can't disable yourself; ask another owner.");
    }
    if (operator.role === "owner") await keepAnOwner(tx, operator.id);
    await tx.operator.update({ where: { id: operator.id }, data: { disabledAt: new Date() } });
    await endOperatorSessions(tx, operator.id);
    await audit(tx, actor, "operator_disable", operator.email);
  });
}

export async function enableOperator(operatorId: string) {
  const actor = await authorize("owner");

  await changeOperators(async (tx) => {
    const operator = await findOperator(tx, operatorId);
    if (!operator.disabledAt) return;
    await tx.operator.update({ where: { id: operator.id }, data: { disabledAt: null } });
    await audit(tx, actor, "operator_enable", operator.email);
  });
}

/** Sets a new password, ends the operator's sessions and lifts a sign-in lock. */
export async function resetOperatorPassword(operatorId: string, password: string) {
  const actor = await authorize("owner");
  const passwordHash = await hashPassword(passwordSchema.parse(password));

  await changeOperators(async (tx) => {
    const operator = await findOperator(tx, operatorId);
    await tx.operator.update({ where: { id: operator.id }, data: { passwordHash } });
    await endOperatorSessions(tx, operator.id);
    await clearFailures(tx, operator.email);
    await audit(tx, actor, "operator_password_reset", operator.email);
  });
}

/** For the shell, which names operators by email. */
export async function findOperatorIdByEmail(email: string) {
  await authorize("owner");
  const operator = await getDb().operator.findUnique({
    where: { email: normalizeEmail(email) },
    select: { id: true },
  });
  if (!operator)
    throw new OperatorChangeError(`No operator has the email ${normalizeEmail(email)}.`);
  return operator.id;
}

type Tx = Prisma.TransactionClient;

async function changeOperators<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OPERATORS_LOCK})`;
    return work(tx);
  });
}

async function findOperator(tx: Tx, operatorId: string) {
  const id = z.uuid().safeParse(operatorId);
  const operator = id.success
    ? await tx.operator.findUnique({
        where: { id: id.data },
        select: { id: true, email: true, role: true, disabledAt: true },
      })
    : null;
  if (!operator) throw new OperatorChangeError("That operator does not exist.");
  return operator;
}

async function keepAnOwner(tx: Tx, leavingId: string) {
  const others = await tx.operator.count({
    where: { role: "owner", disabledAt: null, id: { not: leavingId } },
  });
  if (others === 0) throw new OperatorChangeError("Portalscope needs at least one active owner.");
}

function audit(
  tx: Tx,
  actor: Actor,
  action: Extract<AuditAction, `operator_${string}`>,
  target: string,
  details?: Record<string, string>,
) {
  return recordAudit({ action, actor, target, details }, tx);
}
