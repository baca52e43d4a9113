import "server-only";

import { createHash, timingSafeEqual } from "node:crypto";

import { getConfig } from "../config";
import type { SandboxGrant } from "../generated/prisma/client";
import type { DrawnFaults } from "./faults";
import { getSandboxPortal, getSandboxUser, type SandboxPortal, type SandboxUser } from "./seed";

/** One request to the sandbox API, parsed once by the router and handed to a handler. */
export interface SandboxCall {
  request: Request;
  query: URLSearchParams;
  /** The form body (the v1 token endpoint also reads two fields from the query). */
  form: URLSearchParams;
  params: Record<string, string>;
  /** The grant of the credential the call carries, whatever its state, or null. */
  grant: SandboxGrant | null;
  /** Faults set through the control API that fired for this call. */
  faults: DrawnFaults;
  now: Date;
}

/** A call whose bearer token is live and holds one of the operation's scopes. */
export interface AuthorizedCall extends SandboxCall {
  grant: SandboxGrant;
  portal: SandboxPortal;
  /** The grant's scopes, less any a changed_scopes fault took away. */
  scopes: string[];
  /** The portal's users, less any a deleted_user fault removed. */
  users: readonly SandboxUser[];
}

export function sandboxApp() {
  const { hubspot } = getConfig();
  return { clientId: hubspot.clientId, clientSecret: hubspot.clientSecret, appId: hubspot.appId };
}

// Compares digests so that neither the length nor a prefix of the secret leaks in timing.
export function secretsMatch(given: string | null, expected: string) {
  if (given === null) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function portalOf(grant: SandboxGrant | null): SandboxPortal | undefined {
  return grant ? getSandboxPortal(grant.hubId) : undefined;
}

export function installingUserOf(grant: SandboxGrant): SandboxUser | undefined {
  return getSandboxUser(grant.hubId, grant.userId);
}

export function effectiveScopes(grant: SandboxGrant, faults: DrawnFaults) {
  return grant.scopes.filter((scope) => !faults.removedScopes.has(scope));
}
