import { NextResponse, type NextRequest } from "next/server";

/**
 * A convenience only: a page visit without any session cookie goes straight to the sign-in
 * page, with a way back. It decides nothing. Every page, action, route handler and data
 * function checks the session and role itself (lib/auth), so a forged or stale cookie
 * that gets past here is refused there.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  // Only page loads: actions and API calls get their 401 from the route itself.
  if (request.method !== "GET" || request.headers.has("next-action")) return NextResponse.next();

  const names = request.cookies.getAll().map((cookie) => cookie.name);
  // next-auth splits a large session cookie into name.0, name.1, ...
  if (
    names.some((name) =>
      SESSION_COOKIES.some((cookie) => name === cookie || name.startsWith(`${cookie}.`)),
    )
  ) {
    return NextResponse.next();
  }

  const target = new URL("/sign-in", request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/" || search) target.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(target);
}

export const config = {
  // Public: the install flow, the sandbox, sign-in, first-run setup, next-auth's own routes,
  // JSON APIs (they answer 401 themselves), and static files.
  matcher: [
    "/((?!oauth|sandbox|sign-in|setup|api|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|jpg|webp|css|js)$).*)",
  ],
};
