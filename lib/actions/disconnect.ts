"use server";

import { revalidatePath } from "next/cache";

import { authorize } from "../auth/guard";
import { DisconnectError, revokeInstallationTokens, uninstallFromPortal } from "../disconnect";

export interface DisconnectState {
  status: "idle" | "ok" | "error";
  message: string;
}

export async function revokeTokensAction(
  _previous: DisconnectState,
  form: FormData,
): Promise<DisconnectState> {
  await authorize("admin");
  return run(form, revokeInstallationTokens);
}

export async function uninstallAppAction(
  _previous: DisconnectState,
  form: FormData,
): Promise<DisconnectState> {
  await authorize("admin");
  return run(form, uninstallFromPortal);
}

async function run(
  form: FormData,
  change: (installationId: string, confirmHubId: string) => Promise<{ message: string }>,
): Promise<DisconnectState> {
  const installationId = String(form.get("installationId") ?? "");
  try {
    const { message } = await change(installationId, String(form.get("confirmHubId") ?? ""));
    revalidatePath("/");
    revalidatePath(`/disconnect/${installationId}`);
    return { status: "ok", message };
  } catch (error) {
    if (error instanceof DisconnectError) return { status: "error", message: error.message };
    throw error;
  }
}
