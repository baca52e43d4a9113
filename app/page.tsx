import Link from "next/link";
import { Suspense } from "react";

import { BulkResyncForm } from "@/components/bulk-resync-form";
import { HealthFilter } from "@/components/health-filter";
import { InstallationsTable } from "@/components/installations-table";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { SearchBox } from "@/components/search-box";
import { TableSkeleton } from "@/components/table-skeleton";
import { requireOperator, type Role, roleAtLeast } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { listHref, parseListParams, type ListParams } from "@/lib/installations/list-params";
import { countInstallations, listInstallations } from "@/lib/installations/queries";

export const dynamic = "force-dynamic";

export default async function DashboardPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = parseListParams(await props.searchParams);
  const operator = await requireOperator("viewer", { returnTo: listHref(params) });
  const mode = getConfig().hubspot.mode;

  return (
    <>
      <PageHeader mode={mode} />
      <main className="mx-auto max-w-7xl space-y-4 px-6 py-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Installations</h1>
            <p className="text-sm text-slate-600">
              Every portal that installed the app, who installed it, and what they granted.
            </p>
          </div>
          <SearchBox initial={params.q} />
        </div>
        <HealthFilter params={params} />
        <Suspense key={listHref(params)} fallback={<TableSkeleton />}>
          <InstallationsSection params={params} mode={mode} role={operator.role} />
        </Suspense>
      </main>
    </>
  );
}

async function InstallationsSection({
  params,
  mode,
  role,
}: {
  params: ListParams;
  mode: "live" | "sandbox";
  role: Role;
}) {
  const db = getDb();
  const [rows, total] = await Promise.all([
    listInstallations(db, params),
    countInstallations(db, params.q, params.health),
  ]);

  if (total === 0 && !params.q && !params.health) return <EmptyState mode={mode} />;
  if (rows.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
        <p className="font-medium">
          {total > 0 ? (
            "This page is past the last result."
          ) : params.q ? (
            <>No installation matches “{params.q}”.</>
          ) : (
            "No installation has this health."
          )}
        </p>
        {params.q && (
          <p className="mt-1 text-sm text-slate-600">
            Search matches a whole hub id, or part of a domain, an installer’s email or name.
          </p>
        )}
        <Link
          href={total === 0 ? "/" : listHref(params, { page: 1 })}
          className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          {total > 0
            ? "Back to the first page"
            : params.q
              ? "Clear the search"
              : "Show all installations"}
        </Link>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      {roleAtLeast(role, "admin") && (
        <div className="flex justify-end">
          <BulkResyncForm q={params.q} health={params.health} total={total} />
        </div>
      )}
      <InstallationsTable rows={rows} params={params} canResync={roleAtLeast(role, "support")} />
      <Pagination params={params} total={total} />
    </div>
  );
}

function EmptyState({ mode }: { mode: "live" | "sandbox" }) {
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
      <h2 className="text-lg font-semibold">No portal has installed the app yet</h2>
      <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">
        Installs appear here as soon as a HubSpot user approves the app. Send customers to this
        server’s <code className="rounded bg-slate-100 px-1">/oauth/install</code> address, or try
        it yourself.
        {mode === "sandbox" &&
          " No HubSpot credentials are set, so the install runs against Portalscope’s offline sandbox with seeded portals."}
      </p>
      <a
        href="/oauth/install"
        className="mt-5 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        Install the app
      </a>
    </section>
  );
}
