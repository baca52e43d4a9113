import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { HealthBadge } from "@/components/health-badge";
import { PageHeader } from "@/components/page-header";
import { RelativeTime } from "@/components/relative-time";
import { ResyncButton } from "@/components/resync-button";
import { requireOperator, roleAtLeast } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { getInstallationDetail, type InstallationDetail } from "@/lib/installations/detail";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { id } = await props.params;
  return { title: `Installation ${id.slice(0, 8)}` };
}

export default async function InstallationPage(props: Props) {
  const { id } = await props.params;
  const operator = await requireOperator("viewer", { returnTo: `/installations/${id}` });
  const config = getConfig();
  const detail = await getInstallationDetail(getDb(), id, config.hubspot);
  if (!detail) notFound();

  return (
    <>
      <PageHeader mode={config.hubspot.mode} />
      <main className="mx-auto max-w-5xl space-y-6 px-6 py-6">
        <nav className="text-sm">
          <Link href="/" className="text-brand-700 hover:underline">
            ← All installations
          </Link>
        </nav>
        <header className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">
              {detail.portal.domain ?? `Portal ${detail.hubId}`}
            </h1>
            <p className="font-mono text-sm text-slate-500">Hub {detail.hubId}</p>
          </div>
          <div className="flex items-start gap-3">
            {roleAtLeast(operator.role, "admin") && (
              <Link
                href={`/disconnect/${detail.id}`}
                className="rounded-md border border-rose-300 px-2.5 py-1 text-sm font-medium text-rose-700 hover:bg-rose-50"
              >
                Revoke or uninstall…
              </Link>
            )}
            {roleAtLeast(operator.role, "support") && <ResyncButton installationId={detail.id} />}
          </div>
        </header>

        <section
          aria-labelledby="health-heading"
          className="rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="health-heading" className="mb-2 font-semibold">
            Token health
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <HealthBadge health={detail.health} />
            <p className="text-sm text-slate-700" data-testid="health-reason">
              {detail.healthReason || "No re-sync yet."}
            </p>
          </div>
          <Facts
            items={[
              [
                "Access token expires",
                <RelativeTime key="a" iso={detail.accessTokenExpiresAt.toISOString()} />,
              ],
              [
                "Access token last refreshed",
                <RelativeTime key="b" iso={detail.accessTokenRefreshedAt.toISOString()} />,
              ],
              [
                "Refresh token",
                detail.health === "UNINSTALLED" ? "rejected by HubSpot" : "valid at last check",
              ],
              [
                "Last successful sync",
                <RelativeTime key="c" iso={detail.lastSyncedAt?.toISOString() ?? null} />,
              ],
              [
                "Last attempt",
                <RelativeTime key="d" iso={detail.lastSyncAttemptAt?.toISOString() ?? null} />,
              ],
              [
                "Next retry",
                <RelativeTime
                  key="e"
                  iso={detail.nextAttemptAt?.toISOString() ?? null}
                  fallback="none scheduled"
                />,
              ],
              ...(detail.rateLimitedUntil
                ? [
                    [
                      "Paused by HubSpot's daily limit until",
                      <RelativeTime key="f" iso={detail.rateLimitedUntil.toISOString()} />,
                    ] as const,
                  ]
                : []),
            ]}
          />
        </section>

        <div className="grid gap-6 md:grid-cols-2">
          <PortalSection detail={detail} />
          <UserSection detail={detail} />
        </div>
        <ScopesSection detail={detail} />
        <Timeline events={detail.events} />
      </main>
    </>
  );
}

function Facts({ items }: { items: ReadonlyArray<readonly [string, React.ReactNode]> }) {
  return (
    <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1.5 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="break-words text-slate-900">
            {value ?? <span className="text-slate-400">unknown</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function PortalSection({ detail }: { detail: InstallationDetail }) {
  const { portal } = detail;
  return (
    <section
      aria-labelledby="portal-heading"
      className="rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="portal-heading" className="font-semibold">
        Portal
      </h2>
      <Facts
        items={[
          ["Hub id", String(detail.hubId)],
          ["Domain", portal.domain],
          ["Account type", portal.accountType],
          [
            "Time zone",
            portal.timeZone &&
              `${portal.timeZone}${portal.utcOffset ? ` (UTC${portal.utcOffset})` : ""}`,
          ],
          [
            "Currency",
            portal.companyCurrency &&
              [portal.companyCurrency, ...portal.additionalCurrencies].join(", "),
          ],
          ["Data hosting", portal.dataHostingLocation],
          ["UI domain", portal.uiDomain],
          ["Installed", <RelativeTime key="i" iso={detail.installedAt.toISOString()} />],
          [
            "Uninstalled",
            <RelativeTime
              key="u"
              iso={detail.uninstalledAt?.toISOString() ?? null}
              fallback="no"
            />,
          ],
        ]}
      />
    </section>
  );
}

function UserSection({ detail }: { detail: InstallationDetail }) {
  const user = detail.installingUser;
  return (
    <section
      aria-labelledby="user-heading"
      className="rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="user-heading" className="font-semibold">
        Installing user
      </h2>
      {user ? (
        <Facts
          items={[
            ["Name", user.fullName || null],
            ["Email", user.email],
            ["User id", String(user.userId)],
            ["Role", user.roleId ?? (user.roleIds.length ? user.roleIds.join(", ") : null)],
            ["Super admin", user.superAdmin ? "yes" : "no"],
            [
              "Teams",
              detail.teams.length
                ? detail.teams.map((team) => team.name).join(", ")
                : [user.primaryTeamId, ...user.secondaryTeamIds].filter(Boolean).join(", ") || null,
            ],
            ["Job title", user.jobTitle],
            ["Working hours", formatWorkingHours(user.workingHours)],
          ]}
        />
      ) : (
        <p className="mt-2 text-sm text-slate-600">
          HubSpot has not told us who installed the app.
        </p>
      )}
    </section>
  );
}

function ScopesSection({ detail }: { detail: InstallationDetail }) {
  const granted = new Set(detail.scopes);
  const extra = detail.scopes.filter(
    (scope) => !detail.requiredScopes.includes(scope) && !detail.optionalScopes.includes(scope),
  );
  const row = (scope: string, kind: string) => (
    <tr key={`${kind}-${scope}`}>
      <td className="py-1 pr-4 font-mono text-xs">{scope}</td>
      <td className="py-1 pr-4 text-slate-600">{kind}</td>
      <td className="py-1">
        {granted.has(scope) ? (
          <span className="text-emerald-700">granted</span>
        ) : (
          <span className={kind === "required" ? "font-medium text-rose-700" : "text-slate-500"}>
            missing
          </span>
        )}
      </td>
    </tr>
  );

  return (
    <section
      aria-labelledby="scopes-heading"
      className="rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="scopes-heading" className="font-semibold">
        Scopes
      </h2>
      {detail.missingRequired.length > 0 && (
        <p className="mt-1 text-sm text-rose-700">
          Missing required: {detail.missingRequired.join(", ")}. The app needs a reinstall with
          these scopes.
        </p>
      )}
      <table className="mt-3 text-sm">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>
            <th className="pr-4 font-medium">Scope</th>
            <th className="pr-4 font-medium">App asks for it as</th>
            <th className="font-medium">This portal</th>
          </tr>
        </thead>
        <tbody>
          {detail.requiredScopes.map((scope) => row(scope, "required"))}
          {detail.optionalScopes.map((scope) => row(scope, "optional"))}
          {extra.map((scope) => row(scope, "no longer requested"))}
        </tbody>
      </table>
    </section>
  );
}

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** HubSpot's `hs_working_hours`, e.g. "Monday to Friday 08:00–17:00". */
function formatWorkingHours(value: unknown) {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value
    .map((slot: { days?: unknown; startMinute?: unknown; endMinute?: unknown }) => {
      const days = String(slot.days ?? "")
        .toLowerCase()
        .split("_")
        .map((word) => (word === "to" ? word : `${word.charAt(0).toUpperCase()}${word.slice(1)}`))
        .join(" ");
      const start = Number(slot.startMinute);
      const end = Number(slot.endMinute);
      if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
      return `${days} ${clock(start)}–${clock(end)}`;
    })
    .filter(Boolean)
    .join("; ");
}

const EVENT_LABELS: Record<string, string> = {
  INSTALL: "Installed",
  REINSTALL: "Reinstalled",
  RESYNC: "Re-synced",
  REFRESH: "Token refreshed",
  FAILURE: "Failed",
  UNINSTALL: "Uninstall detected",
};

function Timeline({ events }: { events: InstallationDetail["events"] }) {
  return (
    <section
      aria-labelledby="timeline-heading"
      className="rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="timeline-heading" className="font-semibold">
        Timeline
      </h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No events yet.</p>
      ) : (
        <ol className="mt-3 space-y-3" aria-label="Installation events">
          {events.map((event) => (
            <li key={event.id} className="flex gap-3 text-sm" data-testid="event">
              <span
                aria-hidden="true"
                className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${event.kind === "FAILURE" || event.kind === "UNINSTALL" ? "bg-rose-500" : "bg-emerald-500"}`}
              />
              <div>
                <p>
                  <span className="font-medium">{EVENT_LABELS[event.kind] ?? event.kind}</span>{" "}
                  <span className="text-slate-500">
                    by {event.actor} · <RelativeTime iso={event.createdAt.toISOString()} />
                  </span>
                </p>
                {event.message && <p className="text-slate-700">{event.message}</p>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
