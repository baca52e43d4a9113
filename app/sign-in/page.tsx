import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthCard } from "@/components/auth-card";
import { SignInForm } from "@/components/sign-in-form";
import { signInWithOidc } from "@/lib/actions/auth";
import { getActor, safeReturnPath } from "@/lib/auth";
import { countOperators } from "@/lib/auth/setup";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

// next-auth sends the browser back here with ?error=… when a company sign-in is refused.
const NOTICES: Record<string, string> = {
  AccessDenied:
    "Your company account has no Portalscope access, or it is disabled. Ask an owner to add you.",
  Configuration: "Company sign-in is not working right now. The error has been logged.",
  OAuthCallbackError: "Company sign-in did not complete. Try again.",
};

export default async function SignInPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await props.searchParams;
  const callbackUrl = safeReturnPath(first(query.callbackUrl));

  if ((await countOperators()) === 0) redirect("/setup");
  if (await getActor()) redirect(callbackUrl);

  const error = first(query.error);
  const notice = error ? (NOTICES[error] ?? "Sign-in did not complete. Try again.") : null;
  const oidc = getConfig().auth.oidc;

  return (
    <AuthCard title="Sign in" intro="Portalscope is for the app’s own team.">
      <SignInForm callbackUrl={callbackUrl} notice={notice} />
      {oidc && (
        <form action={signInWithOidc} className="mt-4 border-t border-slate-200 pt-4">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button
            type="submit"
            className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            Sign in with {oidc.name}
          </button>
        </form>
      )}
    </AuthCard>
  );
}

function first(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}
