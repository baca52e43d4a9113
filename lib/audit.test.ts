import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";

import { AUDIT_PAGE_SIZE, listAuditEntries, recordAudit } from "./audit";
import { checkCredentials } from "./auth/credentials";
import { runAsShell, runWithSession } from "./auth/guard";
import {
  changeOperatorRole,
  createOperator,
  disableOperator,
  enableOperator,
  resetOperatorPassword,
} from "./auth/operators";
import { insertOperator, signedIn, TEST_PASSWORD } from "./auth/test-operators";
import { getDb } from "./db";

beforeEach(() => resetDatabase());

async function entries() {
  return getDb().auditLogEntry.findMany({ orderBy: { createdAt: "asc" } });
}

describe("the audit log", () => {
  it("records sign-ins and failed sign-ins with who, when and from where", async () => {
    const operator = await insertOperator("support", "sam@team.example");
    const deps = { db: getDb(), sleep: async () => {} };

    await checkCredentials(
      deps,
      { email: "sam@team.example", password: "nope nope nope" },
      "198.51.100.7",
    );
    await checkCredentials(
      deps,
      { email: "mallory@evil.example", password: "guess guess" },
      "198.51.100.8",
    );

    const rows = await entries();
    expect(
      rows.map(({ action, outcome, actor, operatorId, ip }) => ({
        action,
        outcome,
        actor,
        operatorId,
        ip,
      })),
    ).toEqual([
      {
        action: "sign_in_failed",
        outcome: "wrong_password",
        actor: "sam@team.example",
        operatorId: operator.id,
        ip: "198.51.100.7",
      },
      {
        action: "sign_in_failed",
        outcome: "unknown_email",
        actor: "mallory@evil.example",
        operatorId: null,
        ip: "198.51.100.8",
      },
    ]);
    expect(rows.every((row) => row.createdAt.getTime() > Date.now() - 60_000)).toBe(true);
    // The password tried is never kept.
    expect(JSON.stringify(rows)).not.toMatch(/nope nope|guess guess/);
  });

  it("records every operator change with the owner who made it", async () => {
    const { sessionId } = await signedIn("owner", "olga@team.example");

    await runWithSession(sessionId, async () => {
      const created = await createOperator({
        email: "vic@team.example",
        name: "Vic",
        role: "viewer",
        password: TEST_PASSWORD,
      });
      await changeOperatorRole(created.id, "support");
      await disableOperator(created.id);
      await enableOperator(created.id);
      await resetOperatorPassword(created.id, "a brand new password");
    });

    const rows = await entries();
    expect(
      rows.map(({ action, actor, target, details }) => ({ action, actor, target, details })),
    ).toEqual([
      {
        action: "operator_create",
        actor: "olga@team.example",
        target: "vic@team.example",
        details: { role: "viewer" },
      },
      {
        action: "operator_role_change",
        actor: "olga@team.example",
        target: "vic@team.example",
        details: { from: "viewer", to: "support" },
      },
      {
        action: "operator_disable",
        actor: "olga@team.example",
        target: "vic@team.example",
        details: null,
      },
      {
        action: "operator_enable",
        actor: "olga@team.example",
        target: "vic@team.example",
        details: null,
      },
      {
        action: "operator_password_reset",
        actor: "olga@team.example",
        target: "vic@team.example",
        details: null,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain("a brand new password");
  });

  it("names a shell user as the actor of changes made from the command line", async () => {
    await runAsShell(
      () => createOperator({ email: "first@team.example", role: "owner", password: TEST_PASSWORD }),
      "deploy",
    );

    const [row] = await entries();
    expect(row).toMatchObject({
      action: "operator_create",
      actor: "shell:deploy",
      operatorId: null,
    });
  });

  it("drops details whose names say they are secret", async () => {
    await recordAudit({
      action: "revoke",
      actor: { operatorId: null, label: "shell:root" },
      hubId: 42,
      details: {
        reason: "asked by the customer",
        refresh_token: "RT-1",
        password: "pw",
        Code: "na1-x",
      },
    });

    const [row] = await entries();
    expect(row?.details).toEqual({ reason: "asked by the customer" });
  });

  it("pages newest first and filters by action for admins", async () => {
    const { sessionId } = await signedIn("admin");
    const actor = { operatorId: null, label: "shell:root" };
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
      await recordAudit({ action: i % 2 ? "resync" : "bulk_resync", actor, target: `hub ${i}` });
    }

    const first = await runWithSession(sessionId, () => listAuditEntries({ page: 1 }));
    expect(first.total).toBe(AUDIT_PAGE_SIZE + 5);
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.rows[0]?.target).toBe(`hub ${AUDIT_PAGE_SIZE + 4}`);
    const second = await runWithSession(sessionId, () => listAuditEntries({ page: 2 }));
    expect(second.rows.at(-1)?.target).toBe("hub 0");

    const resyncs = await runWithSession(sessionId, () =>
      listAuditEntries({ action: "resync", page: 1 }),
    );
    expect(resyncs.total).toBe(Math.floor((AUDIT_PAGE_SIZE + 5) / 2));
    expect(resyncs.rows.every((row) => row.action === "resync")).toBe(true);
  });
});
