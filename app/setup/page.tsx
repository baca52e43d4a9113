import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthCard } from "@/components/auth-card";
import { SetupForm } from "@/components/setup-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";
import { announceSetupToken, countOperators, hasSetupToken } from "@/lib/auth/setup";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

/** First run only: once an operator exists this page just sends people to sign in. */
export default async function SetupPage() {
  if ((await countOperators()) > 0) redirect("/sign-in");
  // The token printed at start-up is gone if the database was emptied since: print another.
  if (!(await hasSetupToken())) await announceSetupToken();

  return (
    <AuthCard
      title="Create the first owner"
      intro={
        <p>
          No operator exists yet. The server printed a one-time <strong>setup token</strong> to its
          log when it started (it is also in{" "}
          <code className="rounded bg-slate-100 px-1">setup-token</code> in its data folder). Paste
          it here to create the owner account, which then adds the rest of the team.
        </p>
      }
    >
      <SetupForm minLength={PASSWORD_MIN_LENGTH} />
    </AuthCard>
  );
}
