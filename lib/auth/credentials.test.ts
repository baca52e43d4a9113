import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";

import { getDb } from "../db";
import { checkCredentials, type SignInCheck } from "./credentials";
import { insertOperator, TEST_PASSWORD } from "./test-operators";
import { THROTTLE } from "./throttle";

const MINUTE = 60_000;

/** checkCredentials with a clock the test moves and a record of the delays it imposed. */
function signInAttempts(start = new Date("2026-12-03T10:00:00Z")) {
  let now = start;
  const delays: number[] = [];
  const deps = {
    db: getDb(),
    now: () => now,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
  return {
    delays,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    attempt: (email: string, password: string): Promise<SignInCheck> =>
      checkCredentials(deps, { email, password }, "203.0.113.9"),
  };
}

async function auditOutcomes(action: string) {
  const rows = await getDb().auditLogEntry.findMany({
    where: { action },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.outcome);
}

beforeEach(() => resetDatabase());

describe("signing in with a password", () => {
  it("accepts the right password, case-insensitively on the email, and records the time", async () => {
    const operator = await insertOperator("viewer", "vera@team.example");
    const { attempt } = signInAttempts();

    const check = await attempt("  Vera@Team.Example ", TEST_PASSWORD);

    expect(check).toEqual({
      ok: true,
      operator: { id: operator.id, email: "vera@team.example", name: "The viewer", role: "viewer" },
    });
    const row = await getDb().operator.findUniqueOrThrow({ where: { id: operator.id } });
    expect(row.lastSignInAt).not.toBeNull();
  });

  it("gives the same answer for a wrong password and an unknown email, and audits both", async () => {
    await insertOperator("viewer", "vera@team.example");
    const { attempt } = signInAttempts();

    expect(await attempt("vera@team.example", "not the password")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await attempt("nobody@team.example", TEST_PASSWORD)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await auditOutcomes("sign_in_failed")).toEqual(["wrong_password", "unknown_email"]);
  });

  it("refuses a disabled operator even with the right password", async () => {
    const operator = await insertOperator("admin", "dis@team.example");
    await getDb().operator.update({ where: { id: operator.id }, data: { disabledAt: new Date() } });
    const { attempt } = signInAttempts();

    expect(await attempt("dis@team.example", TEST_PASSWORD)).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await auditOutcomes("sign_in_failed")).toEqual(["disabled"]);
  });
});

describe("repeated failed sign-ins", () => {
  it("are answered more slowly from the third, then lock the address, even for the right password", async () => {
    await insertOperator("owner", "olga@team.example");
    const { attempt, delays } = signInAttempts();

    const answers = [];
    for (let i = 0; i < THROTTLE.lockAfter; i++)
      answers.push(await attempt("olga@team.example", `guess ${i}`));

    expect(delays).toEqual([1000, 2000]);
    expect(answers.slice(0, -1).every((answer) => !answer.ok && answer.reason === "invalid")).toBe(
      true,
    );
    expect(answers.at(-1)).toMatchObject({ ok: false, reason: "locked" });

    const locked = await attempt("olga@team.example", TEST_PASSWORD);
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    expect(await auditOutcomes("sign_in_failed")).toEqual([
      ...Array(THROTTLE.lockAfter).fill("wrong_password"),
      "locked",
    ]);
  });

  it("lift the lock after its time, and a success starts the count again", async () => {
    await insertOperator("owner", "olga@team.example");
    const { attempt, advance } = signInAttempts();
    for (let i = 0; i < THROTTLE.lockAfter; i++)
      await attempt("olga@team.example", "wrong password");

    advance(THROTTLE.lockMs - MINUTE);
    expect(await attempt("olga@team.example", TEST_PASSWORD)).toMatchObject({ reason: "locked" });

    advance(2 * MINUTE);
    expect(await attempt("olga@team.example", TEST_PASSWORD)).toMatchObject({ ok: true });

    // Counting starts from zero again: four more failures don't lock.
    for (let i = 0; i < THROTTLE.lockAfter - 1; i++)
      await attempt("olga@team.example", "wrong password");
    expect(await attempt("olga@team.example", TEST_PASSWORD)).toMatchObject({ ok: true });
  });

  it("are forgotten when the last one is older than the window", async () => {
    await insertOperator("owner", "olga@team.example");
    const { attempt, advance } = signInAttempts();
    for (let i = 0; i < THROTTLE.lockAfter - 1; i++)
      await attempt("olga@team.example", "wrong password");

    advance(THROTTLE.windowMs + MINUTE);
    expect(await attempt("olga@team.example", "wrong password")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await attempt("olga@team.example", TEST_PASSWORD)).toMatchObject({ ok: true });
  });

  it("lock unknown addresses too, so the answers don't reveal who is an operator", async () => {
    const { attempt } = signInAttempts();
    for (let i = 0; i < THROTTLE.lockAfter; i++)
      await attempt("ghost@team.example", "anything at all");

    expect(await attempt("ghost@team.example", "anything at all")).toMatchObject({
      reason: "locked",
    });
  });

  it("count every one of many parallel attempts", async () => {
    await insertOperator("owner", "olga@team.example");
    const { attempt } = signInAttempts();

    await Promise.all(
      Array.from({ length: 8 }, (_, i) => attempt("olga@team.example", `guess ${i}`)),
    );

    const row = await getDb().signInThrottle.findUniqueOrThrow({
      where: { email: "olga@team.example" },
    });
    expect(row.failures).toBe(8);
    expect(await attempt("olga@team.example", TEST_PASSWORD)).toMatchObject({ reason: "locked" });
  });
});
