import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { DisconnectForm } from "@/components/disconnect-form";
import { HealthBadge } from "@/components/health-badge";
import { PageHeader } from "@/components/page-header";
import { requireOperator } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { getDisconnectTarget } from "@/lib/disconnect";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Disconnect a portal" };

export default async function DisconnectPage(props: {
  params: Promise<{ installationId: string }>;
}) {
  const { installationId } = await props.params;
  await requireOperator("admin", { returnTo: `/disconnect/${encodeURIComponent(installationId)}` });
  const installation = await getDisconnectTarget(installationId);
  if (!installation) notFound();

  return (
    <>
      <PageHeader mode={getConfig().hubspot.mode} />
      <main className="mx-auto max-w-3xl space-y-6 px-6 py-6">
        <nav className="text-sm">
          <Link
            href={`/installations/${installation.id}`}
            className="text-brand-700 hover:underline"
          >
            ← Back to the installation
          </Link>
        </nav>
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">
            Disconnect {installation.portal.domain ?? `portal ${installation.hubId}`}
          </h1>
          <p className="mt-1 flex items-center gap-2 text-sm text-slate-600">
            <span className="font-mono">Hub {installation.hubId}</span>
            <HealthBadge health={installation.health} reason={installation.healthReason} />
          </p>
        </div>
        <DisconnectForm
          action="revoke"
          installationId={installation.id}
          hubId={installation.hubId}
        />
        <DisconnectForm
          action="uninstall"
          installationId={installation.id}
          hubId={installation.hubId}
        />
      </main>
    </>
  );
}
