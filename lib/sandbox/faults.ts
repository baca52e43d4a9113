import "server-only";

import { setTimeout as sleep } from "node:timers/promises";

import { z } from "zod";

import { getConfig } from "../config";
import { getDb } from "../db";
import { revokePortalGrants } from "./grants";
import { getSandboxPortal, SANDBOX_PORTALS } from "./seed";

/**
 * Failures the sandbox injects on request, per portal or for every call, stored in
 * PostgreSQL so that every app process sees the same ones. A fault fires on a call with
 * its `probability`, and stops after `remaining` calls when that is set.
 *
 * - latency: answers late, then normally.
 * - rate_limit: 429 with a policyName, optionally with Retry-After.
 * - server_error: a 5xx; 500 carries HubSpot's JSON error, 502/503/504/521 a gateway's HTML.
 * - timeout: hangs past the client's timeout, then answers 504.
 * - malformed_json: the real answer, cut short.
 * - deleted_user: a user (by default the installing user) is gone: user lookups give 404.
 * - changed_scopes: the app lost scopes in the portal: introspection, token answers and
 *   scope checks see the reduced list.
 * - uninstalled: not a standing fault but an act: the portal's tokens are revoked at once,
 *   as when a customer uninstalls; a later install works again.
 */

export const FAULT_KINDS = [
  "latency",
  "rate_limit",
  "server_error",
  "timeout",
  "malformed_json",
  "deleted_user",
  "changed_scopes",
  "uninstalled",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export const RATE_LIMIT_POLICIES = ["TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY"] as const;

// Forms send "" for an empty field and JSON may send null: both mean "not set".
const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess(blankToUndefined, z.coerce.number().pipe(schema).optional());

const hubIdSchema = z.preprocess(
  blankToUndefined,
  z.coerce
    .number()
    .int()
    .refine((hubId) => getSandboxPortal(hubId) !== undefined, "is not a portal of the sandbox")
    .optional(),
);

const common = {
  hubId: hubIdSchema,
  pathPrefix: z.preprocess(
    blankToUndefined,
    z.string().trim().startsWith("/", "must start with / (a path after /sandbox/api)").optional(),
  ),
  probability: optionalNumber(z.number().min(0).max(1)),
  remaining: optionalNumber(z.number().int().min(1)),
};

const scopeList = z.preprocess(
  (value) => (typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : value),
  z.array(z.string().min(1)).min(1, "name at least one scope"),
);

export const sandboxFaultSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("latency"),
    ...common,
    ms: z.coerce.number().int().min(1).max(60_000),
  }),
  z.object({
    kind: z.literal("rate_limit"),
    ...common,
    policyName: z.preprocess(
      blankToUndefined,
      z.enum(RATE_LIMIT_POLICIES).default("TEN_SECONDLY_ROLLING"),
    ),
    retryAfterSeconds: optionalNumber(z.number().int().min(0).max(86_400)),
  }),
  z.object({
    kind: z.literal("server_error"),
    ...common,
    status: z.preprocess(blankToUndefined, z.coerce.number().int().min(500).max(599).default(500)),
  }),
  z.object({
    kind: z.literal("timeout"),
    ...common,
    ms: optionalNumber(z.number().int().min(1).max(120_000)),
  }),
  z.object({ kind: z.literal("malformed_json"), ...common }),
  z.object({
    kind: z.literal("deleted_user"),
    ...common,
    userId: optionalNumber(z.number().int().positive()),
  }),
  z.object({ kind: z.literal("changed_scopes"), ...common, removeScopes: scopeList }),
  // An act on the portal: probability, count and path mean nothing here and are refused.
  z.strictObject({ kind: z.literal("uninstalled"), hubId: hubIdSchema }),
]);

export type SandboxFaultInput = z.input<typeof sandboxFaultSchema>;

export interface SandboxFaultView {
  id: string;
  kind: FaultKind;
  hubId: number | null;
  pathPrefix: string | null;
  probability: number;
  remaining: number | null;
  options: Record<string, unknown>;
  createdAt: string;
}

export type SetFaultResult =
  | { fault: SandboxFaultView; revokedGrants?: undefined }
  | { fault?: undefined; revokedGrants: number };

export class SandboxFaultError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid sandbox fault: ${issues.join("; ")}`);
    this.name = "SandboxFaultError";
  }
}

/**
 * Sets a fault, or for `uninstalled` revokes the portal's grants (every portal's when no
 * hubId is given). Throws SandboxFaultError with readable issues for bad input.
 */
export async function setSandboxFault(input: unknown): Promise<SetFaultResult> {
  const parsed = sandboxFaultSchema.safeParse(input);
  if (!parsed.success) {
    throw new SandboxFaultError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "fault"} ${issue.message}`),
    );
  }

  const fault = parsed.data;
  if (fault.kind === "uninstalled") {
    const { clientId } = getConfig().hubspot;
    const hubIds = fault.hubId ? [fault.hubId] : SANDBOX_PORTALS.map((portal) => portal.hubId);
    const counts = await Promise.all(hubIds.map((hubId) => revokePortalGrants(hubId, clientId)));
    return { revokedGrants: counts.reduce((sum, count) => sum + count, 0) };
  }

  const { kind, hubId, pathPrefix, probability, remaining, ...options } = fault;
  const row = await getDb().sandboxFault.create({
    data: {
      kind,
      hubId: hubId ?? null,
      pathPrefix: pathPrefix ?? null,
      probability: probability ?? 1,
      remaining: remaining ?? null,
      options,
    },
  });
  return { fault: toView(row) };
}

/** Clears one fault, a portal's faults, or (with no filter) all of them; returns how many. */
export async function clearSandboxFaults(filter: { id?: string; hubId?: number } = {}) {
  if (filter.id !== undefined && !z.uuid().safeParse(filter.id).success) return 0;
  const { count } = await getDb().sandboxFault.deleteMany({
    where: {
      ...(filter.id !== undefined ? { id: filter.id } : {}),
      ...(filter.hubId !== undefined ? { hubId: filter.hubId } : {}),
    },
  });
  return count;
}

export async function listSandboxFaults(): Promise<SandboxFaultView[]> {
  const rows = await getDb().sandboxFault.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(toView);
}

type FaultRow = Awaited<ReturnType<ReturnType<typeof getDb>["sandboxFault"]["create"]>>;

function toView(row: FaultRow): SandboxFaultView {
  return {
    id: row.id,
    kind: row.kind as FaultKind,
    hubId: row.hubId,
    pathPrefix: row.pathPrefix,
    probability: row.probability,
    remaining: row.remaining,
    options: (row.options ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the faults drawn for one call do to it. */
export interface DrawnFaults {
  latencyMs: number;
  /** The first failure that fired: the call is answered with it instead. */
  failure:
    | { kind: "rate_limit"; policyName: string; retryAfterSeconds?: number }
    | { kind: "server_error"; status: number }
    | { kind: "timeout"; ms: number }
    | null;
  malformed: boolean;
  deletedUserIds: Set<number>;
  deletesInstallingUser: boolean;
  removedScopes: Set<string>;
}

export const NO_FAULTS: DrawnFaults = Object.freeze({
  latencyMs: 0,
  failure: null,
  malformed: false,
  deletedUserIds: new Set<number>(),
  deletesInstallingUser: false,
  removedScopes: new Set<string>(),
});

/**
 * The faults that fire for one call to `path` (e.g. "/oauth/2026-03/token") of `hubId`
 * (null when the call can't be tied to a portal: then only faults for every portal apply).
 */
export async function drawSandboxFaults(hubId: number | null, path: string): Promise<DrawnFaults> {
  const rows = await getDb().sandboxFault.findMany({
    where: {
      OR: [{ hubId: null }, ...(hubId === null ? [] : [{ hubId }])],
      AND: [{ OR: [{ remaining: null }, { remaining: { gt: 0 } }] }],
    },
    orderBy: { createdAt: "asc" },
  });
  if (rows.length === 0) return NO_FAULTS;

  const drawn: DrawnFaults = { ...NO_FAULTS, deletedUserIds: new Set(), removedScopes: new Set() };
  for (const row of rows) {
    if (row.pathPrefix && !path.startsWith(row.pathPrefix)) continue;
    if (Math.random() >= row.probability) continue;
    if (!(await spendOne(row.id, row.remaining))) continue;
    apply(drawn, row.kind as FaultKind, (row.options ?? {}) as Record<string, unknown>);
  }
  return drawn;
}

// A counted fault fires only if this call takes one of its remaining uses: two processes
// can't both spend the last one.
async function spendOne(id: string, remaining: number | null) {
  if (remaining === null) return true;
  const db = getDb();
  const { count } = await db.sandboxFault.updateMany({
    where: { id, remaining: { gt: 0 } },
    data: { remaining: { decrement: 1 } },
  });
  if (count === 1) await db.sandboxFault.deleteMany({ where: { id, remaining: 0 } });
  return count === 1;
}

function apply(drawn: DrawnFaults, kind: FaultKind, options: Record<string, unknown>) {
  const number = (name: string) => (typeof options[name] === "number" ? options[name] : undefined);
  switch (kind) {
    case "latency":
      drawn.latencyMs += number("ms") ?? 0;
      break;
    case "rate_limit":
      drawn.failure ??= {
        kind,
        policyName: String(options.policyName ?? "TEN_SECONDLY_ROLLING"),
        retryAfterSeconds: number("retryAfterSeconds"),
      };
      break;
    case "server_error":
      drawn.failure ??= { kind, status: number("status") ?? 500 };
      break;
    case "timeout":
      // Past the app's own timeout, so the client gives up first.
      drawn.failure ??= { kind, ms: number("ms") ?? getConfig().hubspot.timeoutMs + 5000 };
      break;
    case "malformed_json":
      drawn.malformed = true;
      break;
    case "deleted_user": {
      const userId = number("userId");
      if (userId === undefined) drawn.deletesInstallingUser = true;
      else drawn.deletedUserIds.add(userId);
      break;
    }
    case "changed_scopes":
      for (const scope of (options.removeScopes as string[] | undefined) ?? []) {
        drawn.removedScopes.add(scope);
      }
      break;
    case "uninstalled":
      break;
  }
}

/** Waits, but stops early when the client has gone away. */
export async function waitFor(ms: number, signal: AbortSignal) {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // Aborted: the client disconnected; the answer goes nowhere anyway.
  }
}
