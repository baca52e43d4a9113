import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";

import type { OidcConfig } from "../config";
import { getDb } from "../db";
import { resolveOidcOperator } from "./oidc";
import { insertOperator } from "./test-operators";

const oidc: OidcConfig = {
  issuer: "https://login.team.example",
  clientId: "portalscope",
  clientSecret: "oidc-client-secret",
  name: "Team SSO",
  defaultRole: null,
};

beforeEach(() => resetDatabase());

describe("company sign-in (OpenID Connect)", () => {
  it("admits an existing operator by verified email, then by subject even if the email changes", async () => {
    const operator = await insertOperator("support", "sue@team.example");

    const first = await resolveOidcOperator(
      getDb(),
      oidc,
      { sub: "u-1", email: "Sue@Team.example", email_verified: true },
      null,
    );
    expect(first).toEqual({ ok: true, operator: { id: operator.id, email: "sue@team.example" } });

    const later = await resolveOidcOperator(
      getDb(),
      oidc,
      { sub: "u-1", email: "susan@team.example" },
      null,
    );
    expect(later).toMatchObject({ ok: true, operator: { id: operator.id } });
  });

  it("admits nobody new unless a default role is configured, and never as owner", async () => {
    const stranger = { sub: "u-2", email: "new@team.example", email_verified: true, name: "Nia" };

    expect(await resolveOidcOperator(getDb(), oidc, stranger, null)).toEqual({
      ok: false,
      reason: "no_operator",
    });
    expect(await getDb().operator.count()).toBe(0);

    const admitted = await resolveOidcOperator(
      getDb(),
      { ...oidc, defaultRole: "viewer" },
      stranger,
      null,
    );
    expect(admitted.ok).toBe(true);
    expect(await getDb().operator.findMany()).toMatchObject([
      { email: "new@team.example", name: "Nia", role: "viewer", passwordHash: null },
    ]);
  });

  it("refuses unverified emails, disabled operators and an email linked to another subject", async () => {
    const operator = await insertOperator("admin", "ada@team.example");

    expect(
      await resolveOidcOperator(
        getDb(),
        oidc,
        { sub: "x", email: "ada@team.example", email_verified: false },
        null,
      ),
    ).toEqual({
      ok: false,
      reason: "unverified_email",
    });

    await resolveOidcOperator(getDb(), oidc, { sub: "ada-sub", email: "ada@team.example" }, null);
    expect(
      await resolveOidcOperator(
        getDb(),
        oidc,
        { sub: "someone-else", email: "ada@team.example" },
        null,
      ),
    ).toEqual({
      ok: false,
      reason: "linked_elsewhere",
    });

    await getDb().operator.update({ where: { id: operator.id }, data: { disabledAt: new Date() } });
    expect(
      await resolveOidcOperator(getDb(), oidc, { sub: "ada-sub", email: "ada@team.example" }, null),
    ).toEqual({
      ok: false,
      reason: "disabled",
    });
    const failures = await getDb().auditLogEntry.findMany({ where: { action: "sign_in_failed" } });
    expect(failures.map((row) => row.outcome).sort()).toEqual([
      "disabled",
      "linked_elsewhere",
      "unverified_email",
    ]);
  });
});
