"use client";

import { useActionState } from "react";

import { submitSandboxFault, type FaultFormState } from "@/lib/sandbox/fault-actions";

export interface PortalOption {
  hubId: number;
  label: string;
}

const field = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm";

/** One kind of fault: the fields every fault shares, the kind's own, and its outcome. */
export function FaultForm({
  kind,
  title,
  description,
  portals,
  standing = true,
  children,
}: {
  kind: string;
  title: string;
  description: string;
  portals: PortalOption[];
  /** False for `uninstalled`, an act with no probability, count or path. */
  standing?: boolean;
  children?: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState<FaultFormState, FormData>(
    submitSandboxFault,
    {},
  );
  const id = (name: string) => `${kind}-${name}`;

  return (
    <form action={formAction} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <input type="hidden" name="kind" value={kind} />
      <h3 className="font-semibold text-slate-900">{title}</h3>
      <p className="mt-1 text-sm text-slate-600">{description}</p>

      <div className="mt-3 grid grid-cols-2 gap-3 text-sm">
        <label htmlFor={id("hubId")} className="col-span-2">
          Portal
          <select id={id("hubId")} name="hubId" className={field} defaultValue="">
            <option value="">Every portal</option>
            {portals.map((portal) => (
              <option key={portal.hubId} value={portal.hubId}>
                {portal.label}
              </option>
            ))}
          </select>
        </label>
        {standing && (
          <>
            <label htmlFor={id("probability")}>
              Probability (0–1)
              <input
                id={id("probability")}
                name="probability"
                type="number"
                min={0}
                max={1}
                step={0.05}
                placeholder="1"
                className={field}
              />
            </label>
            <label htmlFor={id("remaining")}>
              Stop after this many calls
              <input
                id={id("remaining")}
                name="remaining"
                type="number"
                min={1}
                placeholder="until cleared"
                className={field}
              />
            </label>
            <label htmlFor={id("pathPrefix")} className="col-span-2">
              Only calls to paths starting with
              <input
                id={id("pathPrefix")}
                name="pathPrefix"
                placeholder="/oauth, /settings/v3/users, … (every call when empty)"
                className={field}
              />
            </label>
          </>
        )}
        {children}
      </div>

      <div className="mt-3 flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="shrink-0 rounded-md bg-brand-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {standing ? "Set fault" : "Uninstall"}
        </button>
        <p aria-live="polite" className="text-sm">
          {state.error && <span className="text-red-700">{state.error}</span>}
          {state.message && <span className="text-green-800">{state.message}</span>}
        </p>
      </div>
    </form>
  );
}
