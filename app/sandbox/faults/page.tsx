import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { removeAllSandboxFaults, removeSandboxFault } from "@/lib/sandbox/fault-actions";
import {
  listSandboxFaults,
  RATE_LIMIT_POLICIES,
  type SandboxFaultView,
} from "@/lib/sandbox/faults";
import { isSandboxMode } from "@/lib/sandbox/mode";
import { SANDBOX_PORTALS } from "@/lib/sandbox/seed";

import { SandboxNote } from "../sandbox-note";
import { FaultForm, type PortalOption } from "./fault-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sandbox faults" };

const field = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm";

/** Where a person makes the sandbox misbehave, and stops it again. */
export default async function SandboxFaultsPage() {
  if (!isSandboxMode()) notFound();

  const faults = await listSandboxFaults();
  const portals: PortalOption[] = SANDBOX_PORTALS.map((portal) => ({
    hubId: portal.hubId,
    label: `${portal.hubDomain ?? "no domain"} (hub ${portal.hubId})`,
  }));

  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <SandboxNote>
        Faults set here change how the sandbox answers the app, for every app process, until they
        are cleared. They never touch HubSpot.
      </SandboxNote>
      <h1 className="text-2xl font-semibold text-slate-900">Sandbox faults</h1>

      <ActiveFaults faults={faults} />

      <h2 className="mt-10 text-lg font-semibold text-slate-900">Set a fault</h2>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <FaultForm
          kind="latency"
          title="Slow answers"
          description="Answers arrive late, then normally."
          portals={portals}
        >
          <NumberField kind="latency" name="ms" label="Delay (ms)" required max={60_000} />
        </FaultForm>
        <FaultForm
          kind="rate_limit"
          title="Rate limited (429)"
          description="HubSpot's 429 body with the chosen policyName."
          portals={portals}
        >
          <label htmlFor="rate_limit-policyName">
            Policy
            <select id="rate_limit-policyName" name="policyName" className={field}>
              {RATE_LIMIT_POLICIES.map((policy) => (
                <option key={policy}>{policy}</option>
              ))}
            </select>
          </label>
          <NumberField
            kind="rate_limit"
            name="retryAfterSeconds"
            label="Retry-After (s, optional)"
            min={0}
            max={86_400}
          />
        </FaultForm>
        <FaultForm
          kind="server_error"
          title="Server error (5xx)"
          description="500 with HubSpot's JSON error; 502, 503, 504 and 521 with a gateway's HTML page."
          portals={portals}
        >
          <NumberField
            kind="server_error"
            name="status"
            label="Status"
            min={500}
            max={599}
            placeholder="500"
          />
        </FaultForm>
        <FaultForm
          kind="timeout"
          title="Timeout"
          description="The call hangs past the app's timeout, then gets a 504."
          portals={portals}
        >
          <NumberField
            kind="timeout"
            name="ms"
            label="Hang for (ms; the app's timeout + 5 s when empty)"
            max={120_000}
          />
        </FaultForm>
        <FaultForm
          kind="malformed_json"
          title="Malformed JSON"
          description="The real answer, cut off half way."
          portals={portals}
        />
        <FaultForm
          kind="deleted_user"
          title="Deleted user"
          description="User lookups answer 404 for this user: by default whoever installed the app."
          portals={portals}
        >
          <NumberField kind="deleted_user" name="userId" label="User id (optional)" />
        </FaultForm>
        <FaultForm
          kind="changed_scopes"
          title="Changed scopes"
          description="The app lost these scopes: introspection, token answers and scope checks see the shorter list."
          portals={portals}
        >
          <label htmlFor="changed_scopes-removeScopes" className="col-span-2">
            Scopes to take away (space separated)
            <input
              id="changed_scopes-removeScopes"
              name="removeScopes"
              required
              placeholder="crm.objects.users.read"
              className={field}
            />
          </label>
        </FaultForm>
        <FaultForm
          kind="uninstalled"
          title="Uninstall"
          description="Revokes the portal's codes and tokens now, as a customer's uninstall does. A new install works again."
          portals={portals}
          standing={false}
        />
      </div>
    </main>
  );
}

function NumberField({
  kind,
  name,
  label,
  required,
  min = 1,
  max,
  placeholder,
}: {
  kind: string;
  name: string;
  label: string;
  required?: boolean;
  min?: number;
  max?: number;
  placeholder?: string;
}) {
  return (
    <label htmlFor={`${kind}-${name}`}>
      {label}
      <input
        id={`${kind}-${name}`}
        name={name}
        type="number"
        required={required}
        min={min}
        max={max}
        placeholder={placeholder}
        className={field}
      />
    </label>
  );
}

function ActiveFaults({ faults }: { faults: SandboxFaultView[] }) {
  if (faults.length === 0) {
    return <p className="mt-4 text-slate-700">No fault is set: the sandbox answers normally.</p>;
  }

  return (
    <section aria-labelledby="active-faults" className="mt-4">
      <div className="flex items-center justify-between">
        <h2 id="active-faults" className="text-lg font-semibold text-slate-900">
          Active faults
        </h2>
        <form action={removeAllSandboxFaults}>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-semibold text-slate-800 hover:bg-slate-50"
          >
            Clear all faults
          </button>
        </form>
      </div>
      <table className="mt-3 w-full border-collapse text-left text-sm">
        <thead>
          <tr className="border-b border-slate-300 text-slate-600">
            <th className="py-2 pr-3 font-medium">Fault</th>
            <th className="py-2 pr-3 font-medium">Portal</th>
            <th className="py-2 pr-3 font-medium">Paths</th>
            <th className="py-2 pr-3 font-medium">Probability</th>
            <th className="py-2 pr-3 font-medium">Calls left</th>
            <th className="py-2 pr-3 font-medium">Details</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {faults.map((fault) => (
            <tr key={fault.id} className="border-b border-slate-200">
              <td className="py-2 pr-3 font-medium">{fault.kind}</td>
              <td className="py-2 pr-3">{fault.hubId ?? "every portal"}</td>
              <td className="py-2 pr-3">{fault.pathPrefix ?? "all"}</td>
              <td className="py-2 pr-3">{Math.round(fault.probability * 100)}%</td>
              <td className="py-2 pr-3">{fault.remaining ?? "until cleared"}</td>
              <td className="py-2 pr-3 font-mono text-xs">{describeOptions(fault.options)}</td>
              <td className="py-2">
                <form action={removeSandboxFault}>
                  <input type="hidden" name="id" value={fault.id} />
                  <button
                    type="submit"
                    aria-label={`Clear the ${fault.kind} fault on ${fault.hubId ?? "every portal"}`}
                    className="text-brand-700 underline"
                  >
                    Clear
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function describeOptions(options: Record<string, unknown>) {
  const entries = Object.entries(options);
  if (entries.length === 0) return "—";
  return entries
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(" ") : String(value)}`)
    .join(", ");
}
