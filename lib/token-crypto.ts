import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Tokens at rest: AES-256-GCM with a fresh 96-bit IV per value. The associated data binds a
 * ciphertext to its portal, so a token copied onto another portal's row fails to decrypt
 * instead of quietly acting for the wrong customer.
 */
const VERSION = "v1";

export class TokenDecryptionError extends Error {
  constructor() {
    super("A stored token could not be decrypted: wrong TOKEN_ENCRYPTION_KEY or tampered data.");
    this.name = "TokenDecryptionError";
  }
}

export function encryptToken(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(":");
}

export function decryptToken(sealed: string, key: Buffer, context: string): string {
  const [version, iv, tag, body] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new TokenDecryptionError();

  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new TokenDecryptionError();
  }
}

/** The associated data for a portal's tokens. */
export const tokenContext = (hubId: number) => `portalscope:hub:${hubId}`;
