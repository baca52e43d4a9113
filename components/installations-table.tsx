"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import Link from "next/link";

import type { ListParams, SortKey } from "@/lib/installations/list-params";
import { listHref } from "@/lib/installations/list-params";
import type { InstallationRow } from "@/lib/installations/queries";

import { HealthBadge } from "./health-badge";
import { RelativeTime } from "./relative-time";
import { ResyncButton } from "./resync-button";
import { ScopeList } from "./scope-list";

const features = tableFeatures({});
const column = createColumnHelper<typeof features, InstallationRow>();

const columns = column.columns([
  column.accessor("hubId", {
    id: "portal",
    header: "Portal",
    cell: ({ row }) => (
      <div>
        <Link
          href={`/installations/${row.original.id}`}
          className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
        >
          {row.original.domain ?? <span className="italic text-slate-500">no domain</span>}
        </Link>
        <div className="font-mono text-xs text-slate-500">Hub {row.original.hubId}</div>
      </div>
    ),
  }),
  column.accessor("userEmail", {
    id: "user",
    header: "Installing user",
    cell: ({ row }) => (
      <div>
        <div className="text-slate-900">{row.original.userName || "—"}</div>
        <div className="text-xs break-all text-slate-500">
          {row.original.userEmail || "unknown"}
        </div>
      </div>
    ),
  }),
  column.accessor("scopes", {
    header: "Scopes",
    cell: ({ row }) => <ScopeList scopes={row.original.scopes} />,
  }),
  column.accessor("health", {
    header: "Health",
    cell: ({ row }) => (
      <HealthBadge health={row.original.health} reason={row.original.healthReason} />
    ),
  }),
  column.accessor("accessTokenExpiresAt", {
    id: "expires",
    header: "Access token",
    cell: ({ row }) => <RelativeTime iso={row.original.accessTokenExpiresAt} />,
  }),
  column.accessor("installedAt", {
    id: "installed",
    header: "Installed",
    cell: ({ row }) => <RelativeTime iso={row.original.installedAt} />,
  }),
  column.accessor("lastSyncedAt", {
    id: "synced",
    header: "Last sync",
    cell: ({ row }) => <RelativeTime iso={row.original.lastSyncedAt} />,
  }),
]);

const columnsWithResync = column.columns([
  ...columns,
  column.display({
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => <ResyncButton installationId={row.original.id} compact />,
  }),
]);

/** Names sort A to Z first; times sort newest first. */
const firstDirection = (key: SortKey) => (key === "domain" || key === "user" ? "asc" : "desc");

/** Which columns sort, and by which server-side key. Sorting happens in the database. */
const SORTABLE: Record<string, SortKey> = {
  portal: "domain",
  user: "user",
  expires: "expires",
  installed: "installed",
  synced: "synced",
};

export function InstallationsTable({
  rows,
  params,
  canResync,
}: {
  rows: InstallationRow[];
  params: ListParams;
  /** Viewers only read: the re-sync column is left out for them. */
  canResync: boolean;
}) {
  const table = useTable({
    features,
    columns: canResync ? columnsWithResync : columns,
    data: rows,
  });

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortKey = SORTABLE[header.column.id];
                const active = sortKey !== undefined && params.sort === sortKey;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={
                      active ? (params.dir === "asc" ? "ascending" : "descending") : undefined
                    }
                    className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                  >
                    {sortKey ? (
                      <Link
                        href={listHref(params, {
                          sort: sortKey,
                          dir: active
                            ? params.dir === "desc"
                              ? "asc"
                              : "desc"
                            : firstDirection(sortKey),
                          page: 1,
                        })}
                        className="inline-flex items-center gap-1 hover:text-slate-900"
                      >
                        <table.FlexRender header={header} />
                        <span
                          aria-hidden="true"
                          className={active ? "text-slate-900" : "text-slate-300"}
                        >
                          {active ? (params.dir === "asc" ? "▲" : "▼") : "↕"}
                        </span>
                      </Link>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="align-top hover:bg-slate-50" data-testid="installation-row">
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="px-4 py-3">
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
