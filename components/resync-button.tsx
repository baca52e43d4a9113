"use client";

import { useActionState } from "react";

import { resyncInstallationAction, type ResyncState } from "@/lib/actions/resync";

const initial: ResyncState = { status: "idle", message: "" };

const TONES: Record<ResyncState["status"], string> = {
  idle: "",
  ok: "text-emerald-700",
  warning: "text-amber-700",
  error: "text-rose-700",
};

/** Re-syncs one installation and says how it went, in place. */
export function ResyncButton({
  installationId,
  compact = false,
}: {
  installationId: string;
  compact?: boolean;
}) {
  const [state, action, pending] = useActionState(resyncInstallationAction, initial);

  return (
    <form action={action} className={compact ? "w-40 space-y-1 whitespace-normal" : "space-y-2"}>
      <input type="hidden" name="installationId" value={installationId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={compact ? "Re-sync this installation" : undefined}
        className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:cursor-wait disabled:opacity-60"
      >
        <span aria-hidden="true" className={pending ? "inline-block animate-spin" : "inline-block"}>
          ↻
        </span>
        {pending ? "Re-syncing…" : "Re-sync"}
      </button>
      <p
        role="status"
        aria-live="polite"
        className={`text-xs ${TONES[state.status]} ${compact ? "line-clamp-3" : ""}`}
        title={compact ? state.message : undefined}
      >
        {pending ? "" : state.message}
      </p>
    </form>
  );
}
