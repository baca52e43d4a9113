import type { SandboxPortal, SandboxProduct } from "./seed";

/**
 * The scopes the sandbox knows. HubSpot refuses an install URL naming any other scope on
 * its own page; the product decides whether a portal's tier can grant the scope at all.
 * `groupPk` only feeds the signed access token's `scopeToScopeGroupPks` string.
 */
export const SANDBOX_SCOPES: Readonly<
  Record<string, { product: SandboxProduct; groupPk: number; description: string }>
> = {
  oauth: { product: "core", groupPk: 1, description: "Basic OAuth functionality" },
  "account-info.security.read": {
    product: "core",
    groupPk: 7,
    description: "View account security settings and activity",
  },
  "settings.users.read": {
    product: "core",
    groupPk: 21,
    description: "View users and their roles",
  },
  "settings.users.write": {
    product: "core",
    groupPk: 22,
    description: "Add, edit and remove users",
  },
  "settings.users.teams.read": { product: "core", groupPk: 23, description: "View teams" },
  "settings.users.teams.write": { product: "core", groupPk: 24, description: "Edit teams" },
  "crm.objects.users.read": {
    product: "crm-users",
    groupPk: 41,
    description: "View user records: job title, working hours and time zone",
  },
  "crm.objects.users.write": {
    product: "crm-users",
    groupPk: 42,
    description: "Edit user records",
  },
  "crm.objects.owners.read": { product: "crm", groupPk: 31, description: "View record owners" },
  "crm.objects.contacts.read": { product: "crm", groupPk: 32, description: "View contacts" },
  "crm.objects.contacts.write": { product: "crm", groupPk: 33, description: "Edit contacts" },
  "crm.objects.companies.read": { product: "crm", groupPk: 34, description: "View companies" },
  "crm.objects.companies.write": { product: "crm", groupPk: 35, description: "Edit companies" },
  "crm.objects.deals.read": { product: "crm", groupPk: 36, description: "View deals" },
  "crm.objects.deals.write": { product: "crm", groupPk: 37, description: "Edit deals" },
};

export function isKnownScope(scope: string) {
  return Object.hasOwn(SANDBOX_SCOPES, scope);
}

/**
 * Splits a `scope` query value on spaces (a `+` in a query string is one). A comma-joined
 * list stays one unknown scope, so an install URL built that way fails here as it would
 * on HubSpot.
 */
export function parseScopeList(value: string | null | undefined): string[] {
  return [...new Set((value ?? "").split(/\s+/).filter(Boolean))];
}

export function portalHasScope(portal: SandboxPortal, scope: string) {
  const entry = SANDBOX_SCOPES[scope];
  return entry !== undefined && portal.products.includes(entry.product);
}

/**
 * What an install into `portal` grants: every required scope (the caller has checked that
 * the tier has them) and the optional ones the tier has. Optional scopes the tier lacks are
 * dropped silently, as HubSpot does.
 */
export function listGrantedScopes(portal: SandboxPortal, required: string[], optional: string[]) {
  const granted = [...required, ...optional.filter((scope) => portalHasScope(portal, scope))];
  return [...new Set(granted)];
}

export function listMissingRequiredScopes(portal: SandboxPortal, required: string[]) {
  return required.filter((scope) => !portalHasScope(portal, scope));
}
