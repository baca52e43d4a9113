"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { authorize } from "../auth/guard";
import {
  changeOperatorRole,
  createOperator,
  disableOperator,
  enableOperator,
  newOperatorSchema,
  OperatorChangeError,
  resetOperatorPassword,
} from "../auth/operators";
import { passwordSchema } from "../auth/passwords";
import { roleSchema } from "../auth/roles";

/** The answer an operator form shows: a confirmation or what went wrong. */
export interface OperatorFormState {
  status: "idle" | "ok" | "error";
  message: string;
}

const PAGE = "/settings/operators";

export async function createOperatorAction(
  _previous: OperatorFormState,
  form: FormData,
): Promise<OperatorFormState> {
  await authorize("owner");
  const input = newOperatorSchema.safeParse({
    email: form.get("email"),
    name: form.get("name") ?? "",
    role: form.get("role"),
    password: form.get("password"),
  });
  if (!input.success) return error(input.error.issues[0]?.message ?? "Check the form.");

  return run(async () => {
    await createOperator(input.data);
    return `Added ${input.data.email} as ${input.data.role}. Give them their password in person or by another channel.`;
  });
}

const roleChangeSchema = z.object({ operatorId: z.string(), role: roleSchema });

export async function changeOperatorRoleAction(
  _previous: OperatorFormState,
  form: FormData,
): Promise<OperatorFormState> {
  await authorize("owner");
  const input = roleChangeSchema.safeParse({
    operatorId: form.get("operatorId"),
    role: form.get("role"),
  });
  if (!input.success) return error("Pick a role.");

  return run(async () => {
    await changeOperatorRole(input.data.operatorId, input.data.role);
    return `Role changed to ${input.data.role}.`;
  });
}

export async function setOperatorDisabledAction(
  _previous: OperatorFormState,
  form: FormData,
): Promise<OperatorFormState> {
  await authorize("owner");
  const operatorId = String(form.get("operatorId") ?? "");
  const disable = form.get("disable") === "true";

  return run(async () => {
    if (disable) await disableOperator(operatorId);
    else await enableOperator(operatorId);
    return disable ? "Disabled; their sessions have ended." : "Enabled.";
  });
}

export async function resetOperatorPasswordAction(
  _previous: OperatorFormState,
  form: FormData,
): Promise<OperatorFormState> {
  await authorize("owner");
  const password = passwordSchema.safeParse(form.get("password"));
  if (!password.success) return error(password.error.issues[0]?.message ?? "Enter a new password.");

  return run(async () => {
    await resetOperatorPassword(String(form.get("operatorId") ?? ""), password.data);
    return "Password changed; their sessions have ended.";
  });
}

async function run(change: () => Promise<string>): Promise<OperatorFormState> {
  try {
    const message = await change();
    revalidatePath(PAGE);
    return { status: "ok", message };
  } catch (caught) {
    if (caught instanceof OperatorChangeError) return error(caught.message);
    throw caught;
  }
}

function error(message: string): OperatorFormState {
  return { status: "error", message };
}
