"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

import { recordAudit } from "../audit";
import { authorize, isAuthorizationError } from "../auth";
import { getDb } from "../db";
import { listParamsSchema } from "../installations/list-params";
import { enqueueBulkResync } from "../jobs";
import { logger } from "../logger";
import { cancelBulkResync, createBulkResync } from "../sync/bulk";
import { getResyncDeps } from "../sync/deps";
import { resyncInstallation } from "../sync/resync";

export interface ResyncState {
  /** warning: HubSpot answered, but the installation needs attention (scopes, uninstall). */
  status: "idle" | "ok" | "warning" | "error";
  message: string;
}

const idSchema = z.uuid();

/** Support and above re-sync single installations. */
export async function resyncInstallationAction(
  _previous: ResyncState,
  form: FormData,
): Promise<ResyncState> {
  const actor = await authorize("support");
  const id = idSchema.safeParse(form.get("installationId"));
  if (!id.success) return { status: "error", message: "That installation does not exist." };
  const db = getDb();
  const installation = await db.installation.findUnique({
    where: { id: id.data },
    select: { hubId: true },
  });
  if (!installation) return { status: "error", message: "That installation does not exist." };

  try {
    const outcome = await resyncInstallation(getResyncDeps(), id.data, actor.label);
    await recordAudit({
      action: "resync",
      actor,
      outcome: outcome.ok ? "ok" : "failed",
      target: `hub ${installation.hubId}`,
      hubId: installation.hubId,
      installationId: id.data,
      details: { health: outcome.health, refreshed: outcome.refreshed },
    });
    revalidatePath("/");
    revalidatePath(`/installations/${id.data}`);
    const status = !outcome.ok ? "error" : outcome.health === "HEALTHY" ? "ok" : "warning";
    return { status, message: outcome.message };
  } catch (error) {
    if (isAuthorizationError(error)) throw error;
    logger.error({ err: error, installationId: id.data }, "re-sync action failed");
    return { status: "error", message: "The re-sync could not run. The error has been logged." };
  }
}

const bulkSchema = z.object({
  q: listParamsSchema.shape.q,
  health: listParamsSchema.shape.health,
});

/** Admins and owners re-sync everything a search selects. */
export async function startBulkResyncAction(form: FormData) {
  const actor = await authorize("admin");
  // Both fields fall back to defaults on anything malformed, as the dashboard's URL does.
  const input = bulkSchema.parse({
    q: form.get("q") ?? "",
    health: form.get("health") || undefined,
  });

  const run = await createBulkResync(getDb(), { ...input, createdBy: actor.label });
  await enqueueBulkResync(run.id);
  await recordAudit({
    action: "bulk_resync",
    actor,
    target: input.q || input.health ? `search “${input.q}” ${input.health ?? ""}`.trim() : "all",
    details: { total: run.total, bulkResyncId: run.id },
  });
  logger.info(
    { bulkResyncId: run.id, total: run.total, operator: actor.label },
    "bulk re-sync started",
  );
  redirect(`/bulk/${run.id}`);
}

export async function cancelBulkResyncAction(form: FormData) {
  await authorize("admin");
  const id = idSchema.safeParse(form.get("bulkResyncId"));
  if (!id.success) return;
  await cancelBulkResync(getDb(), id.data);
  revalidatePath(`/bulk/${id.data}`);
}
