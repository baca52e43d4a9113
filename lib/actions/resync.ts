"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

import { getDb } from "../db";
import { enqueueBulkResync } from "../jobs";
import { HEALTH_FILTERS } from "../installations/list-params";
import { logger } from "../logger";
import { cancelBulkResync, createBulkResync } from "../sync/bulk";
import { getResyncDeps } from "../sync/deps";
import { resyncInstallation } from "../sync/resync";

export interface ResyncState {
  status: "idle" | "ok" | "error";
  message: string;
}

const idSchema = z.uuid();

export async function resyncInstallationAction(
  _previous: ResyncState,
  form: FormData,
): Promise<ResyncState> {
  const operator = await currentActor();
  const id = idSchema.safeParse(form.get("installationId"));
  if (!id.success) return { status: "error", message: "That installation does not exist." };

  try {
    const outcome = await resyncInstallation(getResyncDeps(), id.data, operator);
    revalidatePath("/");
    revalidatePath(`/installations/${id.data}`);
    return { status: outcome.ok ? "ok" : "error", message: outcome.message };
  } catch (error) {
    logger.error({ err: error, installationId: id.data }, "re-sync action failed");
    return { status: "error", message: "The re-sync could not run. The error has been logged." };
  }
}

const bulkSchema = z.object({
  q: z.string().trim().max(200).default(""),
  health: z.enum(HEALTH_FILTERS).optional().catch(undefined),
});

export async function startBulkResyncAction(form: FormData) {
  const operator = await currentActor();
  const input = bulkSchema.parse({
    q: form.get("q") ?? "",
    health: form.get("health") || undefined,
  });

  const run = await createBulkResync(getDb(), { ...input, createdBy: operator });
  await enqueueBulkResync(run.id);
  logger.info({ bulkResyncId: run.id, total: run.total, operator }, "bulk re-sync started");
  redirect(`/bulk/${run.id}`);
}

export async function cancelBulkResyncAction(form: FormData) {
  await currentActor();
  const id = idSchema.safeParse(form.get("bulkResyncId"));
  if (id.success) await cancelBulkResync(getDb(), id.data);
  revalidatePath(`/bulk/${id.data}`);
}

/** Who is acting, for events and logs. */
async function currentActor() {
  return "operator";
}
