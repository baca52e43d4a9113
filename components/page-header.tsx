import Link from "next/link";

export function PageHeader({ mode }: { mode: "live" | "sandbox" }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-6 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-full bg-brand-500" />
          Portalscope
        </Link>
        <div className="flex items-center gap-4 text-sm">
          {mode === "sandbox" && (
            <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900">
              Sandbox HubSpot
            </span>
          )}
          <a
            href="/oauth/install"
            className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
          >
            Install the app
          </a>
        </div>
      </div>
    </header>
  );
}
