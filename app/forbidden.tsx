import Link from "next/link";

/** Shown with status 403 when an operator's role is too low for a page. */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-6 py-20 text-center">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-600">
        Your role does not give access to this. An owner can change your role.
      </p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-700 hover:underline">
        Back to the installations
      </Link>
    </main>
  );
}
