import "server-only";

import NextAuth, { AuthError, CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";

import { recordAudit } from "../audit";
import { getConfig } from "../config";
import { getDb } from "../db";
import { logger } from "../logger";
import { clientIp } from "./client-ip";
import { checkCredentials, credentialsSchema } from "./credentials";
import { resolveOidcOperator, type OidcProfile } from "./oidc";
import { createOperatorSession, endSession, loadSession } from "./sessions";

/**
 * next-auth wiring. Sessions are JWTs only in form (next-auth's Credentials provider
 * requires them): the cookie carries nothing but the id of an operator_session row, and
 * lib/auth/guard.ts loads that row on every request, so ending a session takes effect at
 * once. The cookie lasts AUTH_SESSION_HOURS from sign-in and is not extended.
 */

export class LockedSignIn extends CredentialsSignin {
  code = "locked";
  constructor(readonly lockedUntil: Date) {
    super();
  }
}

export class DisabledSignIn extends CredentialsSignin {
  code = "disabled";
}

export const OIDC_PROVIDER_ID = "oidc";

export const { handlers, signIn, signOut } = NextAuth((request) =>
  authConfig(request ? clientIp(request.headers) : null),
);

function authConfig(requestIp: string | null): NextAuthConfig {
  const config = getConfig();
  const maxAge = config.auth.sessionHours * 3600;

  return {
    secret: config.auth.secret(),
    trustHost: true,
    basePath: "/api/auth",
    useSecureCookies: config.auth.secureCookies,
    session: { strategy: "jwt", maxAge, updateAge: maxAge },
    pages: { signIn: "/sign-in", error: "/sign-in", signOut: "/sign-in" },
    providers: providers(),
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const oidc = config.auth.oidc;
        if (!oidc || !profile?.sub) return false;
        const outcome = await resolveOidcOperator(getDb(), oidc, profile as OidcProfile, requestIp);
        if (!outcome.ok) return false;
        await auditSignIn(outcome.operator, "oidc", requestIp);
        // The jwt callback below reads the operator from `user`.
        user.id = outcome.operator.id;
        return true;
      },
      async jwt({ token, user, trigger }) {
        if (trigger !== "signIn" || !user?.id) return token;
        const session = await createOperatorSession(getDb(), user.id, config.auth.sessionHours);
        // Nothing else goes in the cookie: no name, no email, no role.
        return { sub: user.id, sid: session.id };
      },
      // /api/auth/session answers this; the dashboard never needs more from it.
      session({ session }) {
        return { expires: session.expires } as typeof session;
      },
      // Callers pass paths already checked by safeReturnPath(); this stops anything else
      // (next-auth's own endpoints take a callbackUrl too) from leaving the site.
      redirect({ url, baseUrl }) {
        const target = new URL(url, baseUrl);
        return target.origin === new URL(baseUrl).origin ? target.href : baseUrl;
      },
    },
    events: {
      async signOut(message) {
        const sessionId = "token" in message ? message.token?.sid : undefined;
        if (typeof sessionId !== "string") return;
        const session = await loadSession(getDb(), sessionId);
        await endSession(getDb(), sessionId);
        if (session) {
          await recordAudit({
            action: "sign_out",
            actor: { operatorId: session.operatorId, label: session.email },
            ip: requestIp,
          });
        }
      },
    },
    logger: {
      // Refused sign-ins are audited and logged by checkCredentials and resolveOidcOperator.
      error(error) {
        if (error instanceof CredentialsSignin) return;
        const type = error instanceof AuthError ? error.type : error.name;
        if (type === "AccessDenied") return;
        const cause = (error as { cause?: { err?: unknown } }).cause?.err;
        logger.error(
          { authError: type, cause: cause instanceof Error ? cause.message : undefined },
          "sign-in error",
        );
      },
      warn(code) {
        logger.warn({ authWarning: code }, "next-auth warning");
      },
      // next-auth's debug output includes request bodies, passwords among them.
      debug() {},
    },
  };
}

function providers(): Provider[] {
  const { oidc } = getConfig().auth;
  const list: Provider[] = [
    Credentials({
      id: "credentials",
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const input = credentialsSchema.safeParse(raw);
        if (!input.success) return null;
        const ip = clientIp(request.headers);
        const check = await checkCredentials({ db: getDb() }, input.data, ip);
        if (check.ok) {
          await auditSignIn(check.operator, "password", ip);
          return { id: check.operator.id };
        }
        if (check.reason === "locked") throw new LockedSignIn(check.lockedUntil);
        if (check.reason === "disabled") throw new DisabledSignIn();
        return null;
      },
    }),
  ];
  if (oidc) {
    list.push({
      id: OIDC_PROVIDER_ID,
      name: oidc.name,
      type: "oidc",
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: "openid email profile" } },
    });
  }
  return list;
}

function auditSignIn(operator: { id: string; email: string }, method: string, ip: string | null) {
  return recordAudit({
    action: "sign_in",
    actor: { operatorId: operator.id, label: operator.email },
    ip,
    details: { method },
  });
}
