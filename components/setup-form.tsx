"use client";

import { useActionState } from "react";

import { createFirstOwnerAction, type AuthFormState } from "@/lib/actions/auth";

import { FormError, inputClass, primaryButtonClass } from "./auth-card";

export function SetupForm({ minLength }: { minLength: number }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(createFirstOwnerAction, {
    error: null,
    email: "",
  });

  return (
    <form action={action} className="space-y-4">
      <FormError message={state.error} />
      <label className="block text-sm font-medium">
        Setup token
        <input
          name="token"
          required
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono`}
        />
      </label>
      <label className="block text-sm font-medium">
        Your email address
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
        Your name <span className="font-normal text-slate-500">(optional)</span>
        <input name="name" autoComplete="name" className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Password{" "}
        <span className="font-normal text-slate-500">(at least {minLength} characters)</span>
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          className={inputClass}
        />
      </label>
      <label className="block text-sm font-medium">
        The password again
        <input
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          className={inputClass}
        />
      </label>
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Creating…" : "Create the owner account"}
      </button>
    </form>
  );
}
