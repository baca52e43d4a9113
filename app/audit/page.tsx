import type { Metadata } from "next";
import Link from "next/link";

import { PageHeader } from "@/components/page-header";
import { RelativeTime } from "@/components/relative-time";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_PAGE_SIZE,
  auditParamsSchema,
  listAuditEntries,
  type AuditParams,
} from "@/lib/audit";
import { requireOperator } from "@/lib/auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await props.searchParams;
  const params = auditParamsSchema.parse({ action: first(raw.action), page: first(raw.page) });
  await requireOperator("admin", { returnTo: auditHref(params) });
  const { rows, total } = await listAuditEntries(params);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));

  return (
    <>
      <PageHeader mode={getConfig().hubspot.mode} />
      <main className="mx-auto max-w-7xl space-y-4 px-6 py-6">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
          <p className="text-sm text-slate-600">Who did what, and when. Newest first.</p>
        </div>

        <nav aria-label="Filter by action" className="flex flex-wrap gap-2 text-sm">
          <FilterLink params={params} action={undefined} label="Everything" />
          {AUDIT_ACTIONS.map((action) => (
            <FilterLink
              key={action}
              params={params}
              action={action}
              label={AUDIT_ACTION_LABELS[action]}
            />
          ))}
        </nav>

        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">When</th>
                <th className="px-4 py-2">Who</th>
                <th className="px-4 py-2">What</th>
                <th className="px-4 py-2">About</th>
                <th className="px-4 py-2">Outcome</th>
                <th className="px-4 py-2">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-4 py-8 text-center text-slate-500">
                    Nothing recorded{params.action ? " for this action" : ""} yet.
                  </td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={row.id} data-testid="audit-row">
                  <td className="whitespace-nowrap px-4 py-2">
                    <RelativeTime iso={row.createdAt} />
                  </td>
                  <td className="px-4 py-2">
                    {row.actor}
                    {row.ip && <div className="text-xs text-slate-500">{row.ip}</div>}
                  </td>
                  <td className="px-4 py-2">
                    {AUDIT_ACTION_LABELS[row.action as keyof typeof AUDIT_ACTION_LABELS] ??
                      row.action}
                  </td>
                  <td className="px-4 py-2">{row.target}</td>
                  <td
                    className={`px-4 py-2 ${row.outcome === "ok" ? "text-emerald-700" : "text-rose-700"}`}
                  >
                    {row.outcome.replaceAll("_", " ")}
                  </td>
                  <td className="px-4 py-2 text-xs text-slate-600">
                    {Object.entries(row.details)
                      .map(([key, value]) => `${key}: ${String(value)}`)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
          <p className="text-slate-600">
            {total} entr{total === 1 ? "y" : "ies"} · page {params.page} of {pages}
          </p>
          <div className="flex gap-2">
            {params.page > 1 && (
              <Link
                href={auditHref({ ...params, page: params.page - 1 })}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
              >
                Newer
              </Link>
            )}
            {params.page < pages && (
              <Link
                href={auditHref({ ...params, page: params.page + 1 })}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
              >
                Older
              </Link>
            )}
          </div>
        </nav>
      </main>
    </>
  );
}

function FilterLink({
  params,
  action,
  label,
}: {
  params: AuditParams;
  action: AuditParams["action"];
  label: string;
}) {
  const current = params.action === action;
  return (
    <Link
      href={auditHref({ action, page: 1 })}
      aria-current={current ? "true" : undefined}
      className={`rounded-full px-3 py-1 ${current ? "bg-slate-900 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"}`}
    >
      {label}
    </Link>
  );
}

function auditHref(params: AuditParams) {
  const search = new URLSearchParams();
  if (params.action) search.set("action", params.action);
  if (params.page > 1) search.set("page", String(params.page));
  const query = search.toString();
  return query ? `/audit?${query}` : "/audit";
}

function first(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}
