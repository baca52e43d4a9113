"use client";

import { useActionState } from "react";

import {
  revokeTokensAction,
  uninstallAppAction,
  type DisconnectState,
} from "@/lib/actions/disconnect";

const idle: DisconnectState = { status: "idle", message: "" };

const COPY = {
  revoke: {
    title: "Revoke the tokens",
    text: "HubSpot stops accepting this installation’s refresh token. The app stays listed in the portal, and Portalscope can no longer read it until someone reinstalls.",
    button: "Revoke tokens",
  },
  uninstall: {
    title: "Uninstall the app from this portal",
    text: "HubSpot removes the app from the portal and emails the portal’s users about it. Someone in the portal can install it again.",
    button: "Uninstall the app",
  },
} as const;

/** A destructive action that only runs once the admin has typed the portal's hub id. */
export function DisconnectForm({
  action: kind,
  installationId,
  hubId,
}: {
  action: "revoke" | "uninstall";
  installationId: string;
  hubId: number;
}) {
  const [state, action, pending] = useActionState(
    kind === "revoke" ? revokeTokensAction : uninstallAppAction,
    idle,
  );
  const copy = COPY[kind];

  return (
    <form
      action={action}
      aria-label={copy.title}
      className="space-y-3 rounded-lg border border-rose-200 bg-white p-5"
    >
      <h2 className="font-semibold">{copy.title}</h2>
      <p className="text-sm text-slate-600">{copy.text}</p>
      <input type="hidden" name="installationId" value={installationId} />
      <label className="block text-sm font-medium">
        Type the hub id <span className="font-mono">{hubId}</span> to confirm
        <input
          name="confirmHubId"
          required
          autoComplete="off"
          inputMode="numeric"
          className="mt-1 block w-48 rounded-md border border-slate-300 px-3 py-1.5 font-mono text-sm"
        />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-60"
      >
        {pending ? "Working…" : copy.button}
      </button>
      {state.status !== "idle" && (
        <p
          role="status"
          className={`text-sm ${state.status === "error" ? "text-rose-700" : "text-emerald-700"}`}
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
