"use server";

import { revalidatePath } from "next/cache";

import { clearSandboxFaults, SandboxFaultError, setSandboxFault } from "./faults";
import { isSandboxMode } from "./mode";

export interface FaultFormState {
  error?: string;
  message?: string;
}

const FAULTS_PAGE = "/sandbox/faults";

/** The fault form's submission: sets the fault and says what happened. */
export async function submitSandboxFault(
  _previous: FaultFormState,
  formData: FormData,
): Promise<FaultFormState> {
  if (!isSandboxMode()) return { error: "The sandbox is off: real HubSpot credentials are set." };

  // An empty field means "not set", so it is left out rather than sent as "".
  const input = Object.fromEntries(
    [...formData.entries()].filter(
      ([name, value]) => typeof value === "string" && value !== "" && !name.startsWith("$"),
    ),
  );
  try {
    const result = await setSandboxFault(input);
    revalidatePath(FAULTS_PAGE);
    return result.fault
      ? { message: `Set: ${result.fault.kind.replace("_", " ")}.` }
      : { message: `Uninstalled: ${result.revokedGrants} code(s) and token(s) revoked.` };
  } catch (error) {
    if (error instanceof SandboxFaultError) return { error: error.issues.join(". ") + "." };
    throw error;
  }
}

export async function removeSandboxFault(formData: FormData) {
  if (!isSandboxMode()) return;
  const id = formData.get("id");
  if (typeof id === "string") await clearSandboxFaults({ id });
  revalidatePath(FAULTS_PAGE);
}

export async function removeAllSandboxFaults() {
  if (!isSandboxMode()) return;
  await clearSandboxFaults();
  revalidatePath(FAULTS_PAGE);
}
