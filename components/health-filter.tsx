import Link from "next/link";

import { HEALTH_FILTERS, listHref, type ListParams } from "@/lib/installations/list-params";

const LABELS: Record<(typeof HEALTH_FILTERS)[number], string> = {
  HEALTHY: "Healthy",
  ACCESS_TOKEN_EXPIRED: "Token expired",
  DEGRADED: "Degraded",
  MISSING_SCOPES: "Missing scopes",
  UNINSTALLED: "Uninstalled",
};

export function HealthFilter({ params }: { params: ListParams }) {
  const options = [
    { value: undefined, label: "All" },
    ...HEALTH_FILTERS.map((value) => ({ value, label: LABELS[value] })),
  ];
  return (
    <nav aria-label="Filter by health" className="flex flex-wrap gap-1.5 text-sm">
      {options.map(({ value, label }) => {
        const active = params.health === value;
        return (
          <Link
            key={label}
            href={listHref(params, { health: value, page: 1 })}
            aria-current={active ? "page" : undefined}
            className={`rounded-full px-3 py-1 ring-1 ring-inset ${active ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
