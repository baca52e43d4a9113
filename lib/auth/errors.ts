/**
 * Refusal by the authorization check. Its digest is the one Next.js gives `unauthorized()`
 * and `forbidden()` (with `experimental.authInterrupts`), so wherever it escapes Next
 * answers with its status: a page renders app/unauthorized.tsx or app/forbidden.tsx, a
 * server action answers 401/403, a route handler an empty 401/403. Outside Next (scripts,
 * tests) it is an ordinary error with a `status`.
 */
export class AuthorizationError extends Error {
  readonly digest: string;

  constructor(
    readonly status: 401 | 403,
    message = status === 401 ? "Sign in to continue." : "Your role does not allow this.",
  ) {
    super(message);
    this.name = "AuthorizationError";
    this.digest = `NEXT_HTTP_ERROR_FALLBACK;${status}`;
  }
}

export function isAuthorizationError(error: unknown): error is AuthorizationError {
  return error instanceof AuthorizationError;
}
