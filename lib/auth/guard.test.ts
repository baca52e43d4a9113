import { randomUUID } from "node:crypto";

import { isHTTPAccessFallbackError } from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { beforeEach, describe, expect, it } from "vitest";

import { resetDatabase } from "@/test/db";
import { insertInstallation } from "@/test/fixtures";

import { listAuditEntries } from "../audit";
import { getDb } from "../db";
import { revokeInstallationTokens, uninstallFromPortal } from "../disconnect";
import { AuthorizationError } from "./errors";
import { authorize, getActor, runAsShell, runWithSession } from "./guard";
import { createOperator, disableOperator, listOperators } from "./operators";
import { ROLES, type Role } from "./roles";
import { createOperatorSession, endSession } from "./sessions";
import { signedIn } from "./test-operators";

type Caller = Role | "anonymous";
const CALLERS: Caller[] = ["anonymous", ...ROLES];

/** Runs `work` as a fresh operator of `caller`'s role, or with a session id nobody holds. */
async function as<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
  const sessionId =
    caller === "anonymous"
      ? randomUUID()
      : (await signedIn(caller, `${caller}-${randomUUID()}@team.example`)).sessionId;
  return runWithSession(sessionId, work);
}

/** The status a call ends with: 200 when it ran, else the refusal's. */
async function statusOf(work: () => Promise<unknown>) {
  try {
    await work();
    return 200;
  } catch (error) {
    if (error instanceof AuthorizationError) return error.status;
    throw error;
  }
}

beforeEach(() => resetDatabase());

describe("the authorization check", () => {
  it("answers 401 with no session, 403 below the role, and the actor otherwise", async () => {
    const expected: Record<Caller, Record<Role, number>> = {
      anonymous: { viewer: 401, support: 401, admin: 401, owner: 401 },
      viewer: { viewer: 200, support: 403, admin: 403, owner: 403 },
      support: { viewer: 200, support: 200, admin: 403, owner: 403 },
      admin: { viewer: 200, support: 200, admin: 200, owner: 403 },
      owner: { viewer: 200, support: 200, admin: 200, owner: 200 },
    };
    for (const caller of CALLERS) {
      for (const required of ROLES) {
        const status = await as(caller, () => statusOf(() => authorize(required)));
        expect({ caller, required, status }).toEqual({
          caller,
          required,
          status: expected[caller][required],
        });
      }
    }
  });

  it("refuses as Next.js's unauthorized() and forbidden() do, so pages, actions and routes answer 401/403", async () => {
    const error = await as("anonymous", () =>
      authorize("viewer").catch((caught: unknown) => caught),
    );
    expect(isHTTPAccessFallbackError(error)).toBe(true);
    expect((error as AuthorizationError).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;401");

    const low = await as("viewer", () => authorize("admin").catch((caught: unknown) => caught));
    expect((low as AuthorizationError).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
  });

  it("reads the operator from the database on every request: a disabled operator is signed out at once", async () => {
    const { operator, sessionId } = await signedIn("admin", "adam@team.example");
    expect(await runWithSession(sessionId, () => getActor())).toMatchObject({
      operatorId: operator.id,
      role: "admin",
      label: "adam@team.example",
    });

    await getDb().operator.update({ where: { id: operator.id }, data: { role: "viewer" } });
    expect(await runWithSession(sessionId, () => statusOf(() => authorize("admin")))).toBe(403);

    await runAsShell(() => disableOperator(operator.id));
    expect(await runWithSession(sessionId, () => getActor())).toBeNull();
    expect(await getDb().operatorSession.count({ where: { operatorId: operator.id } })).toBe(0);
  });

  it("ends a session when it expires or is signed out", async () => {
    const { operator } = await signedIn("viewer");
    const expired = await createOperatorSession(
      getDb(),
      operator.id,
      1,
      new Date(Date.now() - 2 * 3600_000),
    );
    expect(await runWithSession(expired.id, () => getActor())).toBeNull();

    const live = await createOperatorSession(getDb(), operator.id, 1);
    expect(await runWithSession(live.id, () => getActor())).not.toBeNull();
    await endSession(getDb(), live.id);
    expect(await runWithSession(live.id, () => getActor())).toBeNull();
  });
});

describe("data functions check the role themselves", () => {
  it("lists operators for owners only, without password hashes", async () => {
    for (const caller of CALLERS) {
      const status = await as(caller, () => statusOf(() => listOperators()));
      expect({ caller, status }).toEqual({
        caller,
        status: caller === "owner" ? 200 : caller === "anonymous" ? 401 : 403,
      });
    }
    const rows = await as("owner", () => listOperators());
    expect(JSON.stringify(rows)).not.toMatch(/\$2[aby]\$/);
  });

  it("adds operators for owners only; a refused call adds nothing", async () => {
    for (const caller of CALLERS) {
      const email = `new-${caller}@team.example`;
      const status = await as(caller, () =>
        statusOf(() =>
          createOperator({ email, name: "", role: "viewer", password: "a fine new password" }),
        ),
      );
      const created = await getDb().operator.count({ where: { email } });
      expect({ caller, status, created }).toEqual({
        caller,
        status: caller === "owner" ? 200 : caller === "anonymous" ? 401 : 403,
        created: caller === "owner" ? 1 : 0,
      });
    }
  });

  it("shows the audit log to owners and admins only", async () => {
    for (const caller of CALLERS) {
      const status = await as(caller, () => statusOf(() => listAuditEntries({ page: 1 })));
      const allowed = caller === "owner" || caller === "admin";
      expect({ caller, status }).toEqual({
        caller,
        status: allowed ? 200 : caller === "anonymous" ? 401 : 403,
      });
    }
  });

  it("refuses revoking and uninstalling below admin before touching the installation", async () => {
    const installation = await insertInstallation({ hubId: 31000001, domain: "keep.example" });
    for (const caller of ["anonymous", "viewer", "support"] as const) {
      for (const change of [revokeInstallationTokens, uninstallFromPortal]) {
        const status = await as(caller, () => statusOf(() => change(installation.id, "31000001")));
        expect({ caller, change: change.name, status }).toEqual({
          caller,
          change: change.name,
          status: caller === "anonymous" ? 401 : 403,
        });
      }
    }
    const after = await getDb().installation.findUniqueOrThrow({ where: { id: installation.id } });
    expect(after.health).toBe("HEALTHY");
    expect(after.uninstalledAt).toBeNull();
    expect(
      await getDb().auditLogEntry.count({ where: { action: { in: ["revoke", "uninstall"] } } }),
    ).toBe(0);
  });
});
