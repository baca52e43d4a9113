import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";

// Before anything reads the configuration: the token file goes to a scratch DATA_DIR.
const dataDir = mkdtempSync(path.join(tmpdir(), "portalscope-setup-"));
process.env.DATA_DIR = dataDir;

const { getDb } = await import("../db");
const { announceSetupToken, createFirstOwner, SETUP_TOKEN_FILE } = await import("./setup");
const { checkCredentials } = await import("./credentials");

const owner = { email: "Founder@Team.example", name: "Fay", password: "the founder's password" };

function printedToken() {
  return readFileSync(path.join(dataDir, SETUP_TOKEN_FILE), "utf8").trim();
}

beforeEach(() => resetDatabase());

describe("first-run setup", () => {
  it("creates the first owner only with the printed token, once", async () => {
    expect(await announceSetupToken()).toBe(true);
    const token = printedToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Only a hash of the token is stored.
    const stored = await getDb().setupToken.findMany();
    expect(JSON.stringify(stored)).not.toContain(token);

    await expect(createFirstOwner({ ...owner, token: "guessed-token" }, null)).rejects.toThrow(
      /not valid/,
    );
    expect(await getDb().operator.count()).toBe(0);

    await createFirstOwner({ ...owner, token: ` ${token} ` }, "192.0.2.1");
    const created = await getDb().operator.findMany();
    expect(created).toMatchObject([{ email: "founder@team.example", name: "Fay", role: "owner" }]);
    expect(await getDb().setupToken.count()).toBe(0);
    expect(existsSync(path.join(dataDir, SETUP_TOKEN_FILE))).toBe(false);
    expect(await getDb().auditLogEntry.findMany()).toMatchObject([
      { action: "setup", actor: "founder@team.example", ip: "192.0.2.1" },
    ]);

    const check = await checkCredentials(
      { db: getDb() },
      { email: owner.email, password: owner.password },
      null,
    );
    expect(check).toMatchObject({ ok: true, operator: { role: "owner" } });

    await expect(
      createFirstOwner({ ...owner, email: "late@team.example", token }, null),
    ).rejects.toThrow(/already exists/);
    expect(await announceSetupToken()).toBe(false);
  });

  it("accepts the token of any process that printed one, and lets only one setup win", async () => {
    await announceSetupToken();
    const first = printedToken();
    await announceSetupToken();
    const second = printedToken();

    const results = await Promise.allSettled([
      createFirstOwner({ ...owner, email: "one@team.example", token: first }, null),
      createFirstOwner({ ...owner, email: "two@team.example", token: second }, null),
    ]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await getDb().operator.count()).toBe(1);
  });
});
