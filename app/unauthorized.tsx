import Link from "next/link";

/** Shown with status 401 when something needs a signed-in operator and nobody is. */
export default function Unauthorized() {
  return (
    <main className="mx-auto max-w-xl px-6 py-20 text-center">
      <h1 className="text-2xl font-semibold">Sign in to continue</h1>
      <p className="mt-2 text-slate-600">Your session has ended, or you have not signed in yet.</p>
      <Link
        href="/sign-in"
        className="mt-6 inline-block font-medium text-brand-700 hover:underline"
      >
        Sign in
      </Link>
    </main>
  );
}
