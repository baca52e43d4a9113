import "server-only";

import { z } from "zod";

import { authorize, type Actor } from "./auth/guard";
import { getDb, type Db } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { logger, REDACTED_KEYS } from "./logger";

/**
 * The audit log: who did what, when. Entries are only ever appended, and they name the
 * actor by email as it was at the time, so they stay readable after an operator changes.
 */

export const AUDIT_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "setup",
  "operator_create",
  "operator_role_change",
  "operator_disable",
  "operator_enable",
  "operator_password_reset",
  "resync",
  "bulk_resync",
  "revoke",
  "uninstall",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in",
  sign_out: "Signed out",
  setup: "Created the first owner",
  operator_create: "Added an operator",
  operator_role_change: "Changed a role",
  operator_disable: "Disabled an operator",
  operator_enable: "Enabled an operator",
  operator_password_reset: "Reset a password",
  resync: "Re-synced an installation",
  bulk_resync: "Started a bulk re-sync",
  revoke: "Revoked tokens",
  uninstall: "Uninstalled the app",
};

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditInput {
  action: AuditAction;
  /** The actor from authorize()/requireOperator(); for a failed sign-in, the email tried. */
  actor: Pick<Actor, "operatorId" | "label">;
  /** "ok", or what went wrong: "failed", "refused", "locked", ... */
  outcome?: string;
  /** Who or what the action was about, in words: an operator's email, "hub 123". */
  target?: string;
  hubId?: number | null;
  installationId?: string | null;
  details?: AuditDetails;
  ip?: string | null;
}

const SECRET_KEYS = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));

/**
 * Appends an entry (inside the caller's transaction when given one) and logs it. Details
 * under a secret-sounding key (token, password, code, ...) are dropped, as in the logger.
 */
export async function recordAudit(input: AuditInput, db: Pick<Db, "auditLogEntry"> = getDb()) {
  const details = input.details && withoutSecrets(input.details);
  await db.auditLogEntry.create({
    data: {
      action: input.action,
      outcome: input.outcome ?? "ok",
      operatorId: input.actor.operatorId,
      actor: input.actor.label,
      ip: input.ip ?? null,
      hubId: input.hubId ?? null,
      installationId: input.installationId ?? null,
      target: input.target ?? "",
      details: details as Prisma.InputJsonValue | undefined,
    },
  });
  logger.info(
    {
      audit: input.action,
      outcome: input.outcome ?? "ok",
      operator: input.actor.label,
      target: input.target,
      hubId: input.hubId ?? undefined,
      installationId: input.installationId ?? undefined,
    },
    "audit",
  );
}

function withoutSecrets(details: AuditDetails): AuditDetails {
  return Object.fromEntries(
    Object.entries(details).filter(([key]) => !SECRET_KEYS.has(key.toLowerCase())),
  );
}

export const AUDIT_PAGE_SIZE = 50;

export const auditParamsSchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type AuditParams = z.infer<typeof auditParamsSchema>;

export interface AuditRow {
  id: string;
  createdAt: string;
  action: AuditAction | string;
  outcome: string;
  actor: string;
  target: string;
  hubId: number | null;
  ip: string | null;
  details: AuditDetails;
}

/** Newest first, a page at a time. Owners and admins only. */
export async function listAuditEntries(
  params: AuditParams,
): Promise<{ rows: AuditRow[]; total: number }> {
  await authorize("admin");

  const db = getDb();
  const where = params.action ? { action: params.action } : {};
  const [rows, total] = await Promise.all([
    db.auditLogEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (params.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        action: true,
        outcome: true,
        actor: true,
        target: true,
        hubId: true,
        ip: true,
        details: true,
      },
    }),
    db.auditLogEntry.count({ where }),
  ]);

  return {
    total,
    rows: rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      details: isDetails(row.details) ? row.details : {},
    })),
  };
}

function isDetails(value: unknown): value is AuditDetails {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
