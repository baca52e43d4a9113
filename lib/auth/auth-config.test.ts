import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ConfigError, parseConfig } from "../config";

const scratch = () => mkdtempSync(path.join(tmpdir(), "portalscope-auth-"));

describe("sign-in configuration", () => {
  it("generates a session secret once for a local first run, readable by its owner only", () => {
    const dir = scratch();
    const first = parseConfig({ DATA_DIR: dir }).auth.secret();
    const second = parseConfig({ DATA_DIR: dir }).auth.secret();

    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    const file = path.join(dir, "auth-secret.key");
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("requires AUTH_SECRET with a shared database, and a long one", () => {
    const config = parseConfig({ DATA_DIR: scratch(), DATABASE_URL: "postgresql://db/x" });
    expect(() => config.auth.secret()).toThrow(/AUTH_SECRET is required when DATABASE_URL is set/);

    const given = "s".repeat(40);
    expect(
      parseConfig({ DATABASE_URL: "postgresql://db/x", AUTH_SECRET: given }).auth.secret(),
    ).toBe(given);
    expect(() => parseConfig({ AUTH_SECRET: "short" })).toThrow(ConfigError);
  });

  it("marks cookies Secure only behind https", () => {
    expect(parseConfig({ APP_URL: "https://portalscope.team.example" }).auth.secureCookies).toBe(
      true,
    );
    expect(parseConfig({ APP_URL: "http://localhost:3000" }).auth.secureCookies).toBe(false);
  });

  it("configures company sign-in only with issuer, client id and secret together", () => {
    expect(parseConfig({}).auth.oidc).toBeUndefined();

    const partial = () => parseConfig({ AUTH_OIDC_ISSUER: "https://login.team.example" });
    expect(partial).toThrow(/AUTH_OIDC_CLIENT_ID is required/);
    expect(partial).toThrow(/AUTH_OIDC_CLIENT_SECRET is required/);

    const oidc = parseConfig({
      AUTH_OIDC_ISSUER: "https://login.team.example",
      AUTH_OIDC_CLIENT_ID: "portalscope",
      AUTH_OIDC_CLIENT_SECRET: "secret-value",
      AUTH_OIDC_DEFAULT_ROLE: "viewer",
    }).auth.oidc;
    expect(oidc).toMatchObject({ issuer: "https://login.team.example", defaultRole: "viewer" });
    expect(() => parseConfig({ AUTH_OIDC_DEFAULT_ROLE: "owner" })).toThrow(
      /AUTH_OIDC_DEFAULT_ROLE/,
    );
  });

  it("never repeats the secret in an error about it", () => {
    const secret = "tooshort-secret";
    try {
      parseConfig({ AUTH_SECRET: secret });
    } catch (error) {
      expect((error as ConfigError).message).not.toContain(secret);
    }
  });
});
