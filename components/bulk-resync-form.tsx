"use client";

import { useRef, useState } from "react";

import { startBulkResyncAction } from "@/lib/actions/resync";

/** Starts a bulk re-sync of what the current search selects, after a confirmation. */
export function BulkResyncForm({
  q,
  health,
  total,
}: {
  q: string;
  health?: string;
  total: number;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [submitting, setSubmitting] = useState(false);
  const what =
    q || health
      ? `the ${total} installation${total === 1 ? "" : "s"} this view selects`
      : `all ${total} installations`;

  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        disabled={total === 0}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-50"
      >
        Re-sync {total === 1 ? "1 installation" : `${total} installations`}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="bulk-dialog-title"
        className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <form
          action={startBulkResyncAction}
          onSubmit={() => setSubmitting(true)}
          className="space-y-4"
        >
          <h2 id="bulk-dialog-title" className="text-lg font-semibold">
            Re-sync {what}?
          </h2>
          <p className="text-sm text-slate-600">
            Each is checked with HubSpot, its tokens refreshed if needed, and its portal and
            installing user read again. Progress is shown as it runs, and you can cancel it.
          </p>
          <input type="hidden" name="q" value={q} />
          {health && <input type="hidden" name="health" value={health} />}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded-md px-3 py-1.5 text-sm hover:bg-slate-100"
            >
              Keep things as they are
            </button>
            <button
              type="submit"
              disabled={submitting}
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {submitting ? "Starting…" : "Start the re-sync"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
