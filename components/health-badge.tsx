const STYLES: Record<string, { label: string; className: string }> = {
  HEALTHY: { label: "Healthy", className: "bg-emerald-50 text-emerald-800 ring-emerald-600/20" },
  ACCESS_TOKEN_EXPIRED: {
    label: "Access token expired",
    className: "bg-sky-50 text-sky-800 ring-sky-600/20",
  },
  DEGRADED: { label: "Degraded", className: "bg-amber-50 text-amber-800 ring-amber-600/20" },
  MISSING_SCOPES: {
    label: "Missing scopes",
    className: "bg-orange-50 text-orange-800 ring-orange-600/20",
  },
  UNINSTALLED: { label: "Uninstalled", className: "bg-rose-50 text-rose-800 ring-rose-600/20" },
};

export function HealthBadge({ health, reason }: { health: string; reason?: string }) {
  const style = STYLES[health] ?? { label: health, className: "bg-slate-100 text-slate-700" };
  return (
    <span
      title={reason || undefined}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}
    >
      {style.label}
    </span>
  );
}
