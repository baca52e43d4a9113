import Link from "next/link";

import { getActor } from "@/lib/auth";
import { roleAtLeast } from "@/lib/auth/roles";

import { SignOutButton } from "./sign-out-button";

/** The top bar. Shows who is signed in; the page itself checks what they may see. */
export async function PageHeader({ mode }: { mode: "live" | "sandbox" }) {
  const actor = await getActor();

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-6 py-3">
        <div className="flex items-center gap-6">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-full bg-brand-500" />
            Portalscope
          </Link>
          {actor && (
            <nav aria-label="Main" className="flex items-center gap-4 text-sm text-slate-600">
              <Link href="/" className="hover:text-slate-900">
                Installations
              </Link>
              {roleAtLeast(actor.role, "admin") && (
                <Link href="/audit" className="hover:text-slate-900">
                  Audit log
                </Link>
              )}
              {roleAtLeast(actor.role, "owner") && (
                <Link href="/settings/operators" className="hover:text-slate-900">
                  Operators
                </Link>
              )}
            </nav>
          )}
        </div>
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
          {actor && (
            <div className="flex items-center gap-3 border-l border-slate-200 pl-4">
              <span className="text-slate-600" data-testid="signed-in-operator">
                {actor.name || actor.email} <span className="text-slate-400">· {actor.role}</span>
              </span>
              <SignOutButton />
            </div>
          )}
        </div>
      </div>
    </header>
  );
}
