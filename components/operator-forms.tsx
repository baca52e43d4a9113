"use client";

import { useActionState } from "react";

import {
  changeOperatorRoleAction,
  createOperatorAction,
  resetOperatorPasswordAction,
  setOperatorDisabledAction,
  type OperatorFormState,
} from "@/lib/actions/operators";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/lib/auth/roles";

const idle: OperatorFormState = { status: "idle", message: "" };
const input = "rounded-md border border-slate-300 px-2 py-1.5 text-sm shadow-sm";
const button =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60";

function Result({ state }: { state: OperatorFormState }) {
  if (state.status === "idle") return null;
  return (
    <p
      role="status"
      className={`text-xs ${state.status === "error" ? "text-rose-700" : "text-emerald-700"}`}
    >
      {state.message}
    </p>
  );
}

export function CreateOperatorForm({ minLength }: { minLength: number }) {
  const [state, action, pending] = useActionState(createOperatorAction, idle);

  return (
    <form
      action={action}
      aria-label="Add an operator"
      className="grid gap-3 sm:grid-cols-5 sm:items-end"
    >
      <label className="text-sm font-medium sm:col-span-2">
        Email address
        <input name="email" type="email" required className={`${input} mt-1 block w-full`} />
      </label>
      <label className="text-sm font-medium">
        Name
        <input name="name" className={`${input} mt-1 block w-full`} />
      </label>
      <label className="text-sm font-medium">
        Role
        <select name="role" defaultValue="viewer" className={`${input} mt-1 block w-full`}>
          {ROLES.map((role) => (
            <option key={role} value={role} title={ROLE_DESCRIPTIONS[role]}>
              {role}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        First password
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          className={`${input} mt-1 block w-full`}
        />
      </label>
      <div className="flex items-center gap-3 sm:col-span-5">
        <button type="submit" disabled={pending} className={button}>
          Add operator
        </button>
        <Result state={state} />
      </div>
    </form>
  );
}

export function RoleForm({
  operatorId,
  role,
  email,
}: {
  operatorId: string;
  role: Role;
  email: string;
}) {
  const [state, action, pending] = useActionState(changeOperatorRoleAction, idle);

  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="operatorId" value={operatorId} />
      <select name="role" defaultValue={role} aria-label={`Role of ${email}`} className={input}>
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className={button}>
        Change role
      </button>
      <Result state={state} />
    </form>
  );
}

export function DisableForm({
  operatorId,
  disabled,
  email,
}: {
  operatorId: string;
  disabled: boolean;
  email: string;
}) {
  const [state, action, pending] = useActionState(setOperatorDisabledAction, idle);

  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!disabled && !window.confirm(`Disable ${email}? Their sessions end at once.`))
          event.preventDefault();
      }}
      className="flex flex-wrap items-center gap-2"
    >
      <input type="hidden" name="operatorId" value={operatorId} />
      <input type="hidden" name="disable" value={String(!disabled)} />
      <button type="submit" disabled={pending} className={button}>
        {disabled ? "Enable" : "Disable"}
      </button>
      <Result state={state} />
    </form>
  );
}

export function ResetPasswordForm({
  operatorId,
  email,
  minLength,
}: {
  operatorId: string;
  email: string;
  minLength: number;
}) {
  const [state, action, pending] = useActionState(resetOperatorPasswordAction, idle);

  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="operatorId" value={operatorId} />
      <input
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        placeholder="New password"
        aria-label={`New password for ${email}`}
        className={input}
      />
      <button type="submit" disabled={pending} className={button}>
        Set password
      </button>
      <Result state={state} />
    </form>
  );
}
