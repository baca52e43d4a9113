import type { Metadata } from "next";

import {
  CreateOperatorForm,
  DisableForm,
  ResetPasswordForm,
  RoleForm,
} from "@/components/operator-forms";
import { PageHeader } from "@/components/page-header";
import { RelativeTime } from "@/components/relative-time";
import { requireOperator } from "@/lib/auth";
import { listOperators } from "@/lib/auth/operators";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";
import { ROLE_DESCRIPTIONS, ROLES } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Operators" };

export default async function OperatorsPage() {
  const actor = await requireOperator("owner", { returnTo: "/settings/operators" });
  const operators = await listOperators();

  return (
    <>
      <PageHeader mode={getConfig().hubspot.mode} />
      <main className="mx-auto max-w-7xl space-y-6 px-6 py-6">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Operators</h1>
          <p className="text-sm text-slate-600">
            The app’s own team. Customers who install the app never sign in here.
          </p>
        </div>

        <section
          aria-labelledby="add-heading"
          className="rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="add-heading" className="mb-3 font-semibold">
            Add an operator
          </h2>
          <CreateOperatorForm minLength={PASSWORD_MIN_LENGTH} />
          <dl className="mt-4 grid gap-1 text-xs text-slate-600 sm:grid-cols-2">
            {ROLES.map((role) => (
              <div key={role}>
                <dt className="inline font-medium text-slate-800">{role}: </dt>
                <dd className="inline">{ROLE_DESCRIPTIONS[role]}</dd>
              </div>
            ))}
          </dl>
        </section>

        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Operator</th>
                <th className="px-4 py-2">Role</th>
                <th className="px-4 py-2">Last sign-in</th>
                <th className="px-4 py-2">Access</th>
                <th className="px-4 py-2">Password</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {operators.map((operator) => (
                <tr
                  key={operator.id}
                  data-testid="operator-row"
                  className={operator.disabled ? "bg-slate-50 text-slate-500" : ""}
                >
                  <td className="px-4 py-3">
                    <div className="font-medium">{operator.email}</div>
                    <div className="text-xs text-slate-500">
                      {[
                        operator.name,
                        operator.signsInWith && `signs in with ${operator.signsInWith}`,
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                      {operator.id === actor.operatorId && " · you"}
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    <RoleForm
                      operatorId={operator.id}
                      role={operator.role}
                      email={operator.email}
                    />
                  </td>
                  <td className="px-4 py-3">
                    <RelativeTime iso={operator.lastSignInAt} />
                  </td>
                  <td className="px-4 py-3">
                    {operator.disabled && (
                      <span className="mr-2 text-xs font-medium text-rose-700">Disabled</span>
                    )}
                    {operator.id !== actor.operatorId && (
                      <DisableForm
                        operatorId={operator.id}
                        disabled={operator.disabled}
                        email={operator.email}
                      />
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <ResetPasswordForm
                      operatorId={operator.id}
                      email={operator.email}
                      minLength={PASSWORD_MIN_LENGTH}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </main>
    </>
  );
}
