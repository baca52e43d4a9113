import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";

import { getDb } from "../db";
import { checkCredentials } from "./credentials";
import { runAsShell, runWithSession } from "./guard";
import {
  changeOperatorRole,
  createOperator,
  disableOperator,
  OperatorChangeError,
  resetOperatorPassword,
} from "./operators";
import { createOperatorSession } from "./sessions";
import { signedIn, TEST_PASSWORD } from "./test-operators";
import { THROTTLE } from "./throttle";

beforeEach(() => resetDatabase());

describe("managing operators", () => {
  it("never leaves the team without an active owner", async () => {
    const { operator: olga, sessionId } = await signedIn("owner", "olga@team.example");

    await expect(
      runWithSession(sessionId, () => changeOperatorRole(olga.id, "admin")),
    ).rejects.toThrow(/at least one active owner/);
    await expect(runAsShell(() => disableOperator(olga.id))).rejects.toThrow(
      /at least one active owner/,
    );

    const { operator: otto } = await signedIn("owner", "otto@team.example");
    await runWithSession(sessionId, () => changeOperatorRole(otto.id, "admin"));
    expect((await getDb().operator.findUniqueOrThrow({ where: { id: otto.id } })).role).toBe(
      "admin",
    );
  });

  it("lets two owners not demote each other at once", async () => {
    const a = await signedIn("owner", "a@team.example");
    const b = await signedIn("owner", "b@team.example");

    const results = await Promise.allSettled([
      runWithSession(a.sessionId, () => changeOperatorRole(b.operator.id, "viewer")),
      runWithSession(b.sessionId, () => changeOperatorRole(a.operator.id, "viewer")),
    ]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await getDb().operator.count({ where: { role: "owner" } })).toBe(1);
  });

  it("doesn't let an owner disable themselves", async () => {
    const { operator, sessionId } = await signedIn("owner");
    await signedIn("owner", "other-owner@team.example");

    await expect(
      runWithSession(sessionId, () => disableOperator(operator.id)),
    ).rejects.toBeInstanceOf(OperatorChangeError);
  });

  it("refuses a second operator with the same email, whatever its case", async () => {
    await runAsShell(() =>
      createOperator({ email: "dup@team.example", role: "viewer", password: TEST_PASSWORD }),
    );

    await expect(
      runAsShell(() =>
        createOperator({ email: "DUP@team.example", role: "admin", password: TEST_PASSWORD }),
      ),
    ).rejects.toThrow(/already exists/);
    expect(await getDb().operator.count()).toBe(1);
  });

  it("resetting a password ends the operator's sessions and lifts a sign-in lock", async () => {
    const { operator } = await signedIn("support", "sue@team.example");
    await createOperatorSession(getDb(), operator.id, 8);
    const deps = { db: getDb(), sleep: async () => {} };
    for (let i = 0; i < THROTTLE.lockAfter; i++) {
      await checkCredentials(deps, { email: "sue@team.example", password: "wrong password" }, null);
    }
    expect(
      await checkCredentials(deps, { email: "sue@team.example", password: TEST_PASSWORD }, null),
    ).toMatchObject({
      reason: "locked",
    });

    await runAsShell(() => resetOperatorPassword(operator.id, "sue's new password"));

    expect(await getDb().operatorSession.count({ where: { operatorId: operator.id } })).toBe(0);
    expect(
      await checkCredentials(deps, { email: "sue@team.example", password: TEST_PASSWORD }, null),
    ).toMatchObject({
      reason: "invalid",
    });
    expect(
      await checkCredentials(
        deps,
        { email: "sue@team.example", password: "sue's new password" },
        null,
      ),
    ).toMatchObject({ ok: true });
  });
});
