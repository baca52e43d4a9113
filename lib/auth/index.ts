/**
 * Portalscope's authorization API. Pages call requireOperator(), server actions, route
 * handlers and data functions call authorize() (or requireOperator() to send an expired
 * session to the sign-in page), and each checks the session and role itself.
 */
export {
  authorize,
  getActor,
  requireOperator,
  runAsShell,
  runWithSession,
  type Actor,
} from "./guard";
export { AuthorizationError, isAuthorizationError } from "./errors";
export { ROLE_DESCRIPTIONS, ROLE_RANK, ROLES, roleAtLeast, roleSchema, type Role } from "./roles";
export { safeReturnPath, signInPath } from "./return-path";
