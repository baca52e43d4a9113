import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";
import os from "node:os";

import { cache } from "react";

import { getDb } from "../db";
import { logger } from "../logger";
import { AuthorizationError } from "./errors";
import { signInPath } from "./return-path";
import { roleAtLeast, type Role } from "./roles";
import { loadSession } from "./sessions";

/**
 * The authorization check, for every page, server action, route handler and data
 * function to call itself (proxy.ts only redirects visitors without a session cookie, as
 * a convenience). Each call loads the session row and its operator from PostgreSQL, at
 * most once per request.
 */

/** Who is acting: a signed-in operator, or a shell command run on the server. */
export interface Actor {
  /** null for a shell command (`npm run operator`). */
  operatorId: string | null;
  sessionId: string | null;
  email: string;
  name: string;
  role: Role;
  /** How audit entries, installation events and logs name the actor: an email, or "shell:<user>". */
  label: string;
}

type ActorContext = { kind: "shell"; label: string } | { kind: "session"; sessionId: string };

const actorContext = new AsyncLocalStorage<ActorContext>();

/** The current actor, or null when nobody valid is signed in. Never throws for a missing session. */
export async function getActor(): Promise<Actor | null> {
  const context = actorContext.getStore();
  if (context?.kind === "shell") return shellActor(context.label);
  if (context?.kind === "session") return actorFromSession(context.sessionId);
  return actorFromRequest();
}

/**
 * For server actions, route handlers and data functions: the actor, if signed in with at
 * least `minRole`. Otherwise throws AuthorizationError, which Next.js answers with 401 (no
 * valid session) or 403 (role too low).
 */
export async function authorize(minRole: Role = "viewer"): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AuthorizationError(401);
  if (!roleAtLeast(actor.role, minRole)) {
    logger.warn({ operator: actor.label, role: actor.role, required: minRole }, "operator refused");
    throw new AuthorizationError(403);
  }
  return actor;
}

/**
 * For pages (and server actions that prefer it): like authorize(), but a visitor without
 * a valid session is redirected to the sign-in page, to come back to `returnTo` (a path
 * on this site; anything else is ignored) once signed in. A role too low still gives 403.
 */
export async function requireOperator(
  minRole: Role = "viewer",
  options: { returnTo?: string } = {},
): Promise<Actor> {
  try {
    return await authorize(minRole);
  } catch (error) {
    if (error instanceof AuthorizationError && error.status === 401) {
      // Loaded here: scripts run outside Next, where next/navigation can't load.
      const { redirect } = await import("next/navigation");
      redirect(signInPath(options.returnTo));
    }
    throw error;
  }
}

/**
 * Runs `work` as the server's own shell user, with the owner's rights. Only for scripts
 * started from a shell on the server (`npm run operator`), which could reach the database
 * directly anyway; the Next app never calls it.
 */
export function runAsShell<T>(work: () => Promise<T>, user = os.userInfo().username): Promise<T> {
  return actorContext.run({ kind: "shell", label: `shell:${user}` }, work);
}

/** Runs `work` as the holder of an existing operator session: for scripts and tests. */
export function runWithSession<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
  return actorContext.run({ kind: "session", sessionId }, work);
}

function shellActor(label: string): Actor {
  return { operatorId: null, sessionId: null, email: "", name: label, role: "owner", label };
}

async function actorFromSession(sessionId: string): Promise<Actor | null> {
  const session = await loadSession(getDb(), sessionId);
  if (!session) return null;
  return {
    operatorId: session.operatorId,
    sessionId: session.sessionId,
    email: session.email,
    name: session.name,
    role: session.role,
    label: session.email,
  };
}

// React's cache() makes this one database read per request, however many checks run.
const actorFromRequest = cache(async (): Promise<Actor | null> => {
  // Loaded here so that scripts and tests, which never read a request, don't load Next's
  // request APIs or next-auth.
  const { readSessionId } = await import("./session-cookie");
  const sessionId = await readSessionId();
  return sessionId ? actorFromSession(sessionId) : null;
});
