import { signOutOperator } from "@/lib/actions/auth";

/** A form, so signing out works before the page's JavaScript has loaded. */
export function SignOutButton() {
  return (
    <form action={signOutOperator}>
      <button
        type="submit"
        className="font-medium text-slate-700 hover:text-slate-900 hover:underline"
      >
        Sign out
      </button>
    </form>
  );
}
