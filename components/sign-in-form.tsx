"use client";

import { useActionState } from "react";

import { signInWithPassword, type AuthFormState } from "@/lib/actions/auth";

import { FormError, inputClass, primaryButtonClass } from "./auth-card";

export function SignInForm({
  callbackUrl,
  notice,
}: {
  callbackUrl: string;
  notice: string | null;
}) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInWithPassword, {
    error: notice,
    email: "",
  });

  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <label className="block text-sm font-medium">
        Email address
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          className={inputClass}
        />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </label>
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
