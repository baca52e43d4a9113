import { z } from "zod";

/**
 * Operator roles, weakest first. Each role can do everything the roles before it can:
 * viewer reads; support looks up and re-syncs single installations; admin also runs bulk
 * re-syncs, revokes tokens and uninstalls the app, and reads the audit log; owner also
 * manages operators. Safe to import from client components: it holds no secret.
 */
export const ROLES = ["viewer", "support", "admin", "owner"] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_RANK: Readonly<Record<Role, number>> = Object.freeze({
  viewer: 1,
  support: 2,
  admin: 3,
  owner: 4,
});

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = Object.freeze({
  viewer: "Reads installations.",
  support: "Looks up and re-syncs single installations.",
  admin: "Bulk re-syncs, revokes tokens, uninstalls the app, reads the audit log.",
  owner: "Manages operators, and everything an admin can do.",
});

export const roleSchema = z.enum(ROLES);

/** Whether a role is at least `minimum`. */
export function roleAtLeast(role: Role, minimum: Role) {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}
