/**
 * Where to send a browser after signing in: only ever a path on this site. Anything else
 * (another host, a protocol-relative `//host`, a backslash trick, a javascript: URL, the
 * sign-in pages themselves) becomes "/", so `callbackUrl` can't be an open redirect.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2000) return "/";
  // Browsers treat "\" like "/" and drop tabs and newlines: "/\evil.com" and "/\t/evil.com"
  // would leave the site.
  if (!value.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(value)) return "/";

  const base = "http://portalscope.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  if (/^\/(sign-in|setup|api\/auth)(\/|$)/.test(url.pathname)) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, set to return to `returnTo` when that is a safe path other than "/". */
export function signInPath(returnTo?: string) {
  const path = safeReturnPath(returnTo);
  return path === "/" ? "/sign-in" : `/sign-in?${new URLSearchParams({ callbackUrl: path })}`;
}
