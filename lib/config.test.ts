import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { ConfigError, parseConfig } from "./config";

const problems = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
};

describe("configuration", () => {
  it("runs against the sandbox with nothing set", () => {
    const config = parseConfig({});
    expect(config.hubspot.mode).toBe("sandbox");
    expect(config.hubspot.apiBaseUrl).toBe("http://localhost:3000/sandbox/api");
    expect(config.hubspot.redirectUri).toBe("http://localhost:3000/oauth/callback");
    expect(config.hubspot.tokenApi).toBe("2026-03");
    expect(config.hubspot.requiredScopes).toEqual(["oauth", "settings.users.read"]);
  });

  it("uses HubSpot itself once credentials are set", () => {
    const config = parseConfig({
      HUBSPOT_CLIENT_ID: "abc",
      HUBSPOT_CLIENT_SECRET: "shh",
      APP_URL: "https://portalscope.example.com/",
    });
    expect(config.hubspot.mode).toBe("live");
    expect(config.hubspot.apiBaseUrl).toBe("https://api.hubapi.com");
    expect(config.hubspot.authorizeUrl).toBe("https://app.hubspot.com/oauth/authorize");
    expect(config.hubspot.redirectUri).toBe("https://portalscope.example.com/oauth/callback");
  });

  it("names the variable in every problem", () => {
    expect(problems({ DATABASE_URL: "mysql://x" })[0]).toMatch(/^DATABASE_URL /);
    expect(problems({ PORT: "eighty" })[0]).toMatch(/^PORT /);
    expect(problems({ HUBSPOT_TOKEN_API: "v2" })[0]).toMatch(/^HUBSPOT_TOKEN_API /);
    expect(problems({ TOKEN_ENCRYPTION_KEY: "short" })[0]).toMatch(/^TOKEN_ENCRYPTION_KEY /);
    expect(problems({ HUBSPOT_CLIENT_ID: "abc" })[0]).toMatch(/^HUBSPOT_CLIENT_SECRET /);
    expect(problems({ HUBSPOT_SCOPES: "oauth; drop table" })[0]).toMatch(/^HUBSPOT_SCOPES/);
  });

  it("never echoes a secret value in a problem", () => {
    const secret = "not-base64-but-very-secret-value";
    expect(problems({ TOKEN_ENCRYPTION_KEY: secret }).join(" ")).not.toContain(secret);
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", HUBSPOT_CLIENT_ID: "" }).hubspot.mode).toBe("sandbox");
  });

  it("generates a local key once when no database URL is set, and reuses it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portalscope-key-"));
    const first = parseConfig({ DATA_DIR: dir }).tokenKey();
    const second = parseConfig({ DATA_DIR: dir }).tokenKey();
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect(readFileSync(path.join(dir, "token-encryption.key"), "utf8").trim()).toBe(
      first.toString("base64"),
    );
  });

  it("requires an explicit key with a shared database", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portalscope-key-"));
    const config = parseConfig({ DATA_DIR: dir, DATABASE_URL: "postgresql://db/x" });
    expect(() => config.tokenKey()).toThrow(/TOKEN_ENCRYPTION_KEY is required/);
  });
});
