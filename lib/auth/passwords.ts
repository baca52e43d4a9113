import "server-only";

import bcrypt from "bcryptjs";
import { z } from "zod";

/**
 * Operator passwords, hashed with bcrypt. bcrypt reads at most 72 bytes, so longer
 * passwords are refused rather than silently cut short.
 */
export const BCRYPT_COST = 12;
export const PASSWORD_MIN_LENGTH = 12;
const PASSWORD_MAX_BYTES = 72;

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .refine(
    (value) => Buffer.byteLength(value, "utf8") <= PASSWORD_MAX_BYTES,
    `Use at most ${PASSWORD_MAX_BYTES} bytes (bcrypt ignores the rest).`,
  );

export function hashPassword(password: string) {
  return bcrypt.hash(password, BCRYPT_COST);
}

// Compared against when the email is unknown, so that an unknown email takes as long to
// refuse as a wrong password and response times don't reveal which operators exist.
let decoyHash: Promise<string> | undefined;

/** False for a null hash (no such operator, or one who signs in through OIDC only). */
export async function verifyPassword(password: string, hash: string | null) {
  decoyHash ??= bcrypt.hash("decoy password that no hash matches", BCRYPT_COST);
  const matches = await bcrypt.compare(password, hash ?? (await decoyHash));
  return matches && hash !== null;
}
