import { beforeAll, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";
import { insertInstallation } from "@/test/fixtures";

import { runAsShell } from "../auth";
import { getDb } from "../db";
import { listHref, parseListParams } from "./list-params";
import { countInstallations, listInstallations } from "./queries";

const db = getDb();
const list = (raw: Record<string, string>) =>
  runAsShell(() => listInstallations(db, parseListParams(raw)));

beforeAll(async () => {
  await resetDatabase();
  const base = Date.parse("2026-11-01T00:00:00Z");
  await insertInstallation({
    hubId: 101,
    domain: "acme-widgets.com",
    email: "ada@acme-widgets.com",
    firstName: "Ada",
    lastName: "Lovelace",
    installedAt: new Date(base),
  });
  await insertInstallation({
    hubId: 102,
    domain: "buecher-zuerich.ch",
    email: "zoe@buecher-zuerich.ch",
    firstName: "Zoë",
    lastName: "Ølander-Müller",
    installedAt: new Date(base + 1000),
  });
  await insertInstallation({
    hubId: 103,
    domain: null,
    email: "grace+hubspot@acme-widgets.com",
    firstName: "Grace",
    lastName: "Hopper",
    installedAt: new Date(base + 2000),
  });
  await insertInstallation({
    hubId: 1010,
    domain: "hundred_percent.io",
    email: "x@hundred_percent.io",
    installedAt: new Date(base + 3000),
  });
});

describe("installations query", () => {
  it("finds by whole hub id, domain fragment, email, and name, ignoring case", async () => {
    expect((await list({ q: "101" })).map((row) => row.hubId)).toEqual([101]);
    expect((await list({ q: "ZUERICH" })).map((row) => row.hubId)).toEqual([102]);
    expect((await list({ q: "grace+hubspot@" })).map((row) => row.hubId)).toEqual([103]);
    expect((await list({ q: "ølander" })).map((row) => row.hubId)).toEqual([102]);
    expect((await list({ q: "ada lovelace" })).map((row) => row.hubId)).toEqual([101]);
    expect(await runAsShell(() => countInstallations(db, "acme-widgets"))).toBe(2);
  });

  it("treats LIKE wildcards in a search literally", async () => {
    expect((await list({ q: "%" })).map((row) => row.hubId)).toEqual([]);
    expect((await list({ q: "_percent" })).map((row) => row.hubId)).toEqual([1010]);
  });

  it("sorts and pages in the database", async () => {
    expect((await list({ sort: "installed", dir: "desc" })).map((row) => row.hubId)).toEqual([
      1010, 103, 102, 101,
    ]);
    expect((await list({ sort: "hub", dir: "asc", size: "10" })).map((row) => row.hubId)).toEqual([
      101, 102, 103, 1010,
    ]);
    expect((await list({ sort: "domain", dir: "asc" })).at(0)?.hubId).toBe(103); // no domain sorts first
  });

  it("returns plain rows with no token in them", async () => {
    const rows = await list({});
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/AT-10|RT-10|v1:/);
    expect(rows[0]).toMatchObject({ userEmail: expect.any(String), scopes: ["oauth"] });
  });

  it("falls back to defaults for malformed URL parameters", () => {
    const params = parseListParams({
      page: "-3",
      size: "7",
      sort: "password",
      dir: "sideways",
      q: ["a", "b"] as unknown as string,
    });
    expect(params).toEqual({ q: "a", page: 1, size: 25, sort: "installed", dir: "desc" });
    expect(listHref(params)).toBe("/?q=a");
    expect(listHref(params, { page: 2, sort: "hub", dir: "asc" })).toBe(
      "/?q=a&sort=hub&dir=asc&page=2",
    );
  });
});
