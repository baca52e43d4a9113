"use server";

import { headers } from "next/headers";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";

import { clientIp } from "../auth/client-ip";
import { credentialsSchema } from "../auth/credentials";
import { DisabledSignIn, LockedSignIn, OIDC_PROVIDER_ID, signIn, signOut } from "../auth/next-auth";
import { passwordSchema } from "../auth/passwords";
import { safeReturnPath } from "../auth/return-path";
import { createFirstOwner, SetupError } from "../auth/setup";
import { normalizeEmail } from "../auth/throttle";
import { getConfig } from "../config";

/** What a sign-in or setup form shows after a refusal; the email comes back to refill the field. */
export interface AuthFormState {
  error: string | null;
  email: string;
}

export async function signInWithPassword(
  _previous: AuthFormState,
  form: FormData,
): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "").slice(0, 320);
  const input = credentialsSchema.safeParse({ email, password: form.get("password") });
  if (!input.success) return { error: "Enter your email address and your password.", email };

  const redirectTo = safeReturnPath(form.get("callbackUrl"));
  try {
    // Redirects (by throwing) when the sign-in succeeds.
    await signIn("credentials", { ...input.data, redirectTo });
  } catch (error) {
    if (error instanceof LockedSignIn) {
      const minutes = Math.max(1, Math.ceil((error.lockedUntil.getTime() - Date.now()) / 60_000));
      return {
        error: `Too many failed sign-ins for this email address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        email,
      };
    }
    if (error instanceof DisabledSignIn) {
      return { error: "This operator is disabled. An owner can enable it again.", email };
    }
    if (error instanceof CredentialsSignin)
      return { error: "Wrong email address or password.", email };
    throw error;
  }
  return { error: null, email };
}

export async function signInWithOidc(form: FormData) {
  if (!getConfig().auth.oidc) return;
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeReturnPath(form.get("callbackUrl")) });
}

export async function signOutOperator() {
  await signOut({ redirectTo: "/sign-in" });
}

const setupSchema = z
  .object({
    token: z.string().trim().min(1, "Paste the setup token from the server log.").max(200),
    email: z.email("Enter your email address.").max(320).transform(normalizeEmail),
    name: z.string().trim().max(120),
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((value) => value.password === value.confirm, {
    path: ["confirm"],
    message: "The two passwords differ.",
  });

/** Creates the first owner with the setup token, then signs them in. */
export async function createFirstOwnerAction(
  _previous: AuthFormState,
  form: FormData,
): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "").slice(0, 320);
  const input = setupSchema.safeParse({
    token: form.get("token") ?? "",
    email,
    name: form.get("name") ?? "",
    password: form.get("password") ?? "",
    confirm: form.get("confirm") ?? "",
  });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Check the form.", email };

  try {
    await createFirstOwner(input.data, clientIp(await headers()));
  } catch (error) {
    if (error instanceof SetupError) return { error: error.message, email };
    throw error;
  }
  await signIn("credentials", {
    email: input.data.email,
    password: input.data.password,
    redirectTo: "/",
  });
  return { error: null, email };
}
