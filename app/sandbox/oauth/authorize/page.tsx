import type { Metadata } from "next";
import { notFound } from "next/navigation";

import {
  AUTHORIZE_QUERY_FIELDS,
  checkAuthorizeRequest,
  type ApproveProblem,
  type InstallRequest,
} from "@/lib/sandbox/authorize";
import { isSandboxMode } from "@/lib/sandbox/mode";
import { listMissingRequiredScopes, portalHasScope, SANDBOX_SCOPES } from "@/lib/sandbox/scopes";
import { listSandboxInstallingUsers } from "@/lib/sandbox/seed";

import { SandboxNote } from "../../sandbox-note";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Connect Portalscope to HubSpot" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const NOTICES: Record<ApproveProblem, string> = {
  "invalid-request": "The form came back incomplete. Choose an account, then Approve or Deny.",
  "choose-installing-user": "Choose the account and user to install Portalscope for.",
  "missing-required-scopes":
    "That account's subscription doesn't include everything Portalscope requires. Choose another account.",
};

/**
 * The sandbox's stand-in for HubSpot's consent page. A bad install link is explained here
 * and never reaches the app; Approve and Deny post to ./decision, which sends the browser
 * on to the app's callback.
 */
export default async function SandboxAuthorizePage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  if (!isSandboxMode()) notFound();

  const params = await searchParams;
  const query = Object.fromEntries(AUTHORIZE_QUERY_FIELDS.map((name) => [name, params[name]]));
  const check = checkAuthorizeRequest(query);
  const notice = NOTICES[params.sandbox_notice as ApproveProblem] as string | undefined;

  return (
    <main className="mx-auto max-w-2xl px-4 py-10">
      <SandboxNote />
      {check.ok ? (
        <ConsentForm install={check.install} notice={notice} />
      ) : (
        <section className="rounded-lg border border-red-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold text-slate-900">{check.problem}</h1>
          <p className="mt-2 text-slate-700">{check.detail}</p>
          <p className="mt-4 text-sm text-slate-600">
            Nothing was sent back to the app. Whoever built the install link needs to fix it.
          </p>
        </section>
      )}
    </main>
  );
}

function ConsentForm({ install, notice }: { install: InstallRequest; notice: string | undefined }) {
  return (
    <form
      method="post"
      action="/sandbox/oauth/authorize/decision"
      className="rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <header className="rounded-t-lg bg-brand-500 px-6 py-4 text-white">
        <h1 className="text-xl font-semibold">Connect Portalscope to HubSpot</h1>
      </header>

      <div className="space-y-6 p-6">
        {notice && (
          <p
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-800"
          >
            {notice}
          </p>
        )}

        {AUTHORIZE_QUERY_FIELDS.map((name) => {
          const value = hiddenValue(install, name);
          return value === undefined ? null : (
            <input key={name} type="hidden" name={name} value={value} />
          );
        })}

        <ScopeList
          id="required-scopes"
          title="Portalscope is requesting access to"
          scopes={install.scopes}
        />
        {install.optionalScopes.length > 0 && (
          <ScopeList
            id="optional-scopes"
            title="And, where the account's subscription includes it"
            scopes={install.optionalScopes}
          />
        )}

        <InstallingUserChoice install={install} />

        <div className="flex gap-3 border-t border-slate-200 pt-5">
          <button
            type="submit"
            name="decision"
            value="approve"
            className="rounded-md bg-brand-600 px-5 py-2 font-semibold text-white hover:bg-brand-700"
          >
            Approve
          </button>
          <button
            type="submit"
            name="decision"
            value="deny"
            formNoValidate
            className="rounded-md border border-slate-300 bg-white px-5 py-2 font-semibold text-slate-800 hover:bg-slate-50"
          >
            Deny
          </button>
        </div>
      </div>
    </form>
  );
}

function hiddenValue(install: InstallRequest, name: (typeof AUTHORIZE_QUERY_FIELDS)[number]) {
  switch (name) {
    case "client_id":
      return install.clientId;
    case "redirect_uri":
      return install.redirectUri;
    case "scope":
      return install.scopes.join(" ");
    case "optional_scope":
      return install.optionalScopes.length ? install.optionalScopes.join(" ") : undefined;
    case "state":
      return install.state;
  }
}

function ScopeList({ id, title, scopes }: { id: string; title: string; scopes: string[] }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="font-semibold text-slate-900">
        {title}
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {scopes.map((scope) => (
          <li key={scope} className="text-slate-700">
            {SANDBOX_SCOPES[scope]?.description}{" "}
            <code className="rounded bg-slate-100 px-1 text-xs text-slate-600">{scope}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function InstallingUserChoice({ install }: { install: InstallRequest }) {
  return (
    <fieldset>
      <legend className="font-semibold text-slate-900">Choose an account and user</legend>
      <div className="mt-2 space-y-2">
        {listSandboxInstallingUsers().map(({ portal, user }) => {
          const missing = listMissingRequiredScopes(portal, install.scopes);
          const dropped = install.optionalScopes.filter((scope) => !portalHasScope(portal, scope));
          const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
          return (
            <label
              key={`${portal.hubId}:${user.id}`}
              className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 has-checked:border-brand-500 has-checked:bg-brand-50 has-disabled:cursor-not-allowed has-disabled:opacity-60"
            >
              <input
                type="radio"
                name="installingUser"
                value={`${portal.hubId}:${user.id}`}
                required
                disabled={missing.length > 0}
                className="mt-1 accent-brand-600"
              />
              <span className="text-sm">
                <span className="block font-medium text-slate-900">
                  {name && <>{name} · </>}
                  {user.email}
                </span>
                <span className="block text-slate-600">
                  {portal.hubDomain ?? "No domain"} · Hub ID {portal.hubId} · {portal.accountType} ·{" "}
                  {portal.dataHostingLocation}
                </span>
                {missing.length > 0 && (
                  <span className="block text-red-700">
                    Its subscription lacks {missing.join(", ")}, which the app requires.
                  </span>
                )}
                {missing.length === 0 && dropped.length > 0 && (
                  <span className="block text-slate-500">
                    Its subscription doesn&apos;t include {dropped.join(", ")}: not granted.
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
