import "server-only";

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { rmSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

import { recordAudit } from "../audit";
import { getConfig } from "../config";
import { getDb, type Db } from "../db";
import { logger } from "../logger";
import { OPERATORS_LOCK } from "./operators";
import { hashPassword } from "./passwords";
import { normalizeEmail } from "./throttle";

/**
 * First run: while no operator exists, the dashboard offers /setup to create the first
 * owner, and only to someone holding a one-time setup token that the server prints to its
 * log (and writes to DATA_DIR/setup-token) when it starts. Someone who merely reaches an
 * exposed instance first can't claim it. Every process that starts before the first owner
 * exists prints a token of its own; creating the owner invalidates them all.
 */

export const SETUP_TOKEN_FILE = "setup-token";

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

export async function countOperators(db: Db = getDb()) {
  return db.operator.count();
}

/**
 * Prints a new setup token if no operator exists. Called at server start (instrumentation.ts)
 * and again by /setup if no token is on record, e.g. after the database was replaced.
 */
export async function announceSetupToken(db: Db = getDb()) {
  if ((await countOperators(db)) > 0) return false;

  const token = randomBytes(24).toString("base64url");
  await db.setupToken.create({ data: { tokenHash: sha256(token) } });

  const { appUrl, dataDir } = getConfig();
  const file = path.join(/* turbopackIgnore: true */ dataDir, SETUP_TOKEN_FILE);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // In the message, not a field: the logger redacts fields named like "token".
  logger.warn(
    `No operator exists yet. Open ${appUrl}/setup and enter the one-time setup token ` +
      `${token} (also in ${file}) to create the first owner.`,
  );
  return true;
}

export async function hasSetupToken(db: Db = getDb()) {
  return (await db.setupToken.count()) > 0;
}

export class SetupError extends Error {
  constructor(
    readonly reason: "closed" | "bad_token" | "email_taken",
    message: string,
  ) {
    super(message);
    this.name = "SetupError";
  }
}

/** Creates the first owner, if `token` is a valid setup token and still no operator exists. */
export async function createFirstOwner(
  input: { token: string; email: string; name: string; password: string },
  ip: string | null,
  db: Db = getDb(),
) {
  const email = normalizeEmail(input.email);
  // Cheap refusals first: anyone may call this, and hashing a password costs real CPU.
  await assertSetupOpen(db, input.token);
  const passwordHash = await hashPassword(input.password);

  const owner = await db.$transaction(async (tx) => {
    // The same lock as every other operator change: two setups can't both create an owner.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OPERATORS_LOCK})`;
    await assertSetupOpen(tx, input.token);

    const created = await tx.operator.create({
      data: { email, name: input.name.trim(), role: "owner", passwordHash },
      select: { id: true, email: true },
    });
    await tx.setupToken.deleteMany({});
    await recordAudit(
      { action: "setup", actor: { operatorId: created.id, label: email }, target: email, ip },
      tx,
    );
    return created;
  });

  removeSetupTokenFile();
  return owner;
}

async function assertSetupOpen(db: Pick<Db, "operator" | "setupToken">, token: string) {
  if ((await db.operator.count()) > 0) {
    throw new SetupError("closed", "An owner already exists: sign in instead.");
  }
  const hashes = await db.setupToken.findMany({ select: { tokenHash: true } });
  const presented = Buffer.from(sha256(token.trim()));
  if (!hashes.some(({ tokenHash }) => hashMatches(presented, tokenHash))) {
    throw new SetupError(
      "bad_token",
      "That setup token is not valid. Copy it again from the server log.",
    );
  }
}

function hashMatches(presented: Buffer, stored: string) {
  const expected = Buffer.from(stored);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

export function removeSetupTokenFile() {
  const file = path.join(/* turbopackIgnore: true */ getConfig().dataDir, SETUP_TOKEN_FILE);
  rmSync(file, { force: true });
}
