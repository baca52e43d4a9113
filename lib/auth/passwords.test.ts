import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";

import { BCRYPT_COST, hashPassword, passwordSchema, verifyPassword } from "./passwords";

describe("operator passwords", () => {
  it("are stored as salted bcrypt hashes at the configured cost, never as given", async () => {
    const first = await hashPassword("correct horse battery staple");
    const second = await hashPassword("correct horse battery staple");

    expect(first).toMatch(/^\$2[aby]\$12\$/);
    expect(bcrypt.getRounds(first)).toBe(BCRYPT_COST);
    expect(first).not.toContain("correct horse");
    expect(second).not.toBe(first);
  });

  it("verify only the right password, and never against a missing hash", async () => {
    const hash = await hashPassword("correct horse battery staple");

    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
    expect(await verifyPassword("decoy password that no hash matches", null)).toBe(false);
  });

  it("must be 12 characters or more and at most 72 bytes, which is all bcrypt reads", () => {
    expect(passwordSchema.safeParse("elevenchars").success).toBe(false);
    expect(passwordSchema.safeParse("twelve chars").success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(72)).success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(73)).success).toBe(false);
    // 36 two-byte characters are 72 bytes; one more crosses the limit.
    expect(passwordSchema.safeParse("é".repeat(36)).success).toBe(true);
    expect(passwordSchema.safeParse("é".repeat(37)).success).toBe(false);
  });
});
