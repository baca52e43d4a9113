import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

import { decryptToken, encryptToken, TokenDecryptionError, tokenContext } from "./token-crypto";

const key = randomBytes(32);
const token = "CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4";

describe("token encryption", () => {
  it("round-trips a token and never stores it in the clear", () => {
    const sealed = encryptToken(token, key, tokenContext(1));
    expect(sealed).not.toContain(token);
    expect(sealed.startsWith("v1:")).toBe(true);
    expect(decryptToken(sealed, key, tokenContext(1))).toBe(token);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptToken(token, key, "c")).not.toBe(encryptToken(token, key, "c"));
  });

  it("refuses another portal's ciphertext", () => {
    const sealed = encryptToken(token, key, tokenContext(1));
    expect(() => decryptToken(sealed, key, tokenContext(2))).toThrow(TokenDecryptionError);
  });

  it("refuses a wrong key and tampered data without echoing either", () => {
    const sealed = encryptToken(token, key, "c");
    expect(() => decryptToken(sealed, randomBytes(32), "c")).toThrow(TokenDecryptionError);
    const parts = sealed.split(":");
    parts[3] = Buffer.from("tampered").toString("base64url");
    const error = (() => {
      try {
        decryptToken(parts.join(":"), key, "c");
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(TokenDecryptionError);
    expect(error?.message).not.toContain(token);
    expect(() => decryptToken("garbage", key, "c")).toThrow(TokenDecryptionError);
  });
});
