import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";

import { getDb } from "../db";
import { consumeInstallState, createInstallState, STATE_TTL_MS } from "./state";

const db = getDb();

beforeEach(resetDatabase);

describe("install state", () => {
  it("is random, stored only as hashes, and accepted once from the browser that started it", async () => {
    const a = await createInstallState(db);
    const b = await createInstallState(db);
    expect(a.state).not.toBe(b.state);
    expect(a.state.length).toBeGreaterThanOrEqual(40);

    const stored = await db.oAuthState.findMany();
    expect(JSON.stringify(stored)).not.toContain(a.state);
    expect(JSON.stringify(stored)).not.toContain(a.browserKey);

    expect(await consumeInstallState(db, a.state, a.browserKey)).toEqual({ ok: true });
    expect(await consumeInstallState(db, a.state, a.browserKey)).toEqual({
      ok: false,
      problem: "unknown",
    });
  });

  it("refuses a missing or unknown state", async () => {
    expect(await consumeInstallState(db, undefined, "x")).toEqual({
      ok: false,
      problem: "missing",
    });
    expect(await consumeInstallState(db, "made-up", "x")).toEqual({
      ok: false,
      problem: "unknown",
    });
  });

  it("refuses another browser's state and burns it", async () => {
    const { state, browserKey } = await createInstallState(db);
    const other = await createInstallState(db);
    expect(await consumeInstallState(db, state, other.browserKey)).toEqual({
      ok: false,
      problem: "other_browser",
    });
    expect(await consumeInstallState(db, state, undefined)).toEqual({
      ok: false,
      problem: "unknown",
    });
    expect(await consumeInstallState(db, state, browserKey)).toEqual({
      ok: false,
      problem: "unknown",
    });
  });

  it("expires after ten minutes", async () => {
    const start = new Date("2026-12-01T10:00:00Z");
    const { state, browserKey } = await createInstallState(db, start);
    const late = new Date(start.getTime() + STATE_TTL_MS + 1);
    expect(await consumeInstallState(db, state, browserKey, late)).toEqual({
      ok: false,
      problem: "expired",
    });
  });

  it("lets only one of two racing callbacks through", async () => {
    const { state, browserKey } = await createInstallState(db);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => consumeInstallState(db, state, browserKey)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });
});
