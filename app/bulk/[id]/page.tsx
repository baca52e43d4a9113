import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";

import { BulkProgress } from "@/components/bulk-progress";
import { PageHeader } from "@/components/page-header";
import { requireOperator } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { getBulkResync, toBulkResyncView } from "@/lib/sync/bulk";

export const dynamic = "force-dynamic";
export const metadata = { title: "Bulk re-sync" };

export default async function BulkResyncPage(props: { params: Promise<{ id: string }> }) {
  const raw = (await props.params).id;
  await requireOperator("viewer", { returnTo: `/bulk/${raw}` });
  const id = z.uuid().safeParse(raw);
  if (!id.success) notFound();
  const run = await getBulkResync(getDb(), id.data);
  if (!run) notFound();

  return (
    <>
      <PageHeader mode={getConfig().hubspot.mode} />
      <main className="mx-auto max-w-3xl space-y-4 px-6 py-6">
        <Link href="/" className="text-sm text-brand-700 hover:underline">
          ← All installations
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Bulk re-sync</h1>
        <p className="text-sm text-slate-600">
          {run.total} installation{run.total === 1 ? "" : "s"}
          {run.query ? ` matching “${run.query}”` : ""}
          {run.health ? ` with health ${run.health.toLowerCase().replaceAll("_", " ")}` : ""},
          started by {run.createdBy}. Each portal stays under HubSpot’s rate limit.
        </p>
        <BulkProgress initial={toBulkResyncView(run)} />
      </main>
    </>
  );
}
