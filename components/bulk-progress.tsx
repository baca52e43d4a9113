"use client";

import Link from "next/link";
import { useEffect, useState } from "react";

import { cancelBulkResyncAction } from "@/lib/actions/resync";

export interface BulkResyncView {
  id: string;
  query: string;
  health: string | null;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  status: string;
  cancelRequestedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

const finished = (status: string) => status === "done" || status === "cancelled";

/** Live progress of a bulk re-sync, polled once a second until it ends. */
export function BulkProgress({ initial }: { initial: BulkResyncView }) {
  const [run, setRun] = useState(initial);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    if (finished(run.status)) return;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/bulk-resyncs/${run.id}`, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        setRun(await response.json());
        setStale(false);
      } catch {
        setStale(true);
        setRun((current) => ({ ...current }));
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [run]);

  const done = run.succeeded + run.failed + run.skipped;
  const percent = run.total ? Math.round((done / run.total) * 100) : 100;
  const label =
    run.status === "queued"
      ? "Waiting for a worker to pick this up…"
      : run.status === "running"
        ? run.cancelRequestedAt
          ? "Cancelling: finishing the installations already in flight…"
          : "Re-syncing…"
        : run.status === "cancelled"
          ? "Cancelled"
          : "Finished";

  return (
    <section
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      aria-labelledby="bulk-heading"
    >
      <div className="flex items-center justify-between gap-4">
        {/* aria-live, not role="status": the heading keeps its role and still announces. */}
        <h2 id="bulk-heading" className="font-semibold" aria-live="polite">
          {label}
        </h2>
        {!finished(run.status) && !run.cancelRequestedAt && (
          <form action={cancelBulkResyncAction}>
            <input type="hidden" name="bulkResyncId" value={run.id} />
            <button
              type="submit"
              className="rounded-md border border-rose-300 px-3 py-1.5 text-sm font-medium text-rose-700 hover:bg-rose-50"
            >
              Cancel
            </button>
          </form>
        )}
      </div>
      <div
        role="progressbar"
        aria-label="Bulk re-sync progress"
        aria-valuemin={0}
        aria-valuemax={run.total}
        aria-valuenow={done}
        className="h-3 overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full bg-brand-500 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-slate-700" data-testid="bulk-summary">
        {done} of {run.total} done: {run.succeeded} synced, {run.failed} failed, {run.skipped}{" "}
        skipped.
      </p>
      {stale && <p className="text-sm text-amber-700">Lost contact with the server; retrying…</p>}
      {finished(run.status) && (
        <p className="text-sm">
          <Link
            href={`/?${new URLSearchParams({ ...(run.query && { q: run.query }), ...(run.failed ? { health: "DEGRADED" } : {}) })}`}
            className="font-medium text-brand-700 hover:underline"
          >
            {run.failed ? "See the installations that failed" : "Back to the installations"}
          </Link>
        </p>
      )}
    </section>
  );
}
