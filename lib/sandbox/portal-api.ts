import "server-only";

import type { AuthorizedCall } from "./call";
import { revokePortalGrants } from "./grants";
import { apiError, emptyResponse, jsonResponse } from "./http";
import type { SandboxPortal, SandboxUser } from "./seed";

/**
 * The portal-scoped APIs the app reads with a bearer token: User Provisioning, the CRM
 * users object, account details, and the app-side uninstall. The router has already
 * checked the token and the operation's scopes.
 */

function notFound(message: string) {
  return apiError(404, "OBJECT_NOT_FOUND", message);
}

function invalid(message: string, parameter: string) {
  return apiError(400, "VALIDATION_ERROR", message, {
    errors: [{ message, in: parameter, code: "INVALID_PARAMETER" }],
  });
}

function toPublicUser(user: SandboxUser) {
  return {
    id: String(user.id),
    email: user.email,
    ...(user.firstName !== undefined ? { firstName: user.firstName } : {}),
    ...(user.lastName !== undefined ? { lastName: user.lastName } : {}),
    ...(user.roleId !== undefined ? { roleId: user.roleId } : {}),
    roleIds: [...user.roleIds],
    ...(user.primaryTeamId !== undefined ? { primaryTeamId: user.primaryTeamId } : {}),
    ...(user.secondaryTeamIds.length ? { secondaryTeamIds: [...user.secondaryTeamIds] } : {}),
    superAdmin: user.superAdmin,
  };
}

/**
 * `GET /settings/v3/users/{userId}?idProperty=USER_ID|EMAIL`. Emails are matched without
 * regard to case, as HubSpot stores them lowercased.
 */
export function getSettingsUser(call: AuthorizedCall) {
  const idProperty = call.query.get("idProperty") ?? "USER_ID";
  const key = call.params.userId!;
  if (idProperty !== "USER_ID" && idProperty !== "EMAIL") {
    return invalid(`idProperty must be USER_ID or EMAIL, not ${idProperty}`, "idProperty");
  }
  if (idProperty === "USER_ID" && !/^\d+$/.test(key)) {
    return invalid("userId must be a number when idProperty is USER_ID", "userId");
  }

  const user = call.users.find((candidate) =>
    idProperty === "EMAIL"
      ? candidate.email.toLowerCase() === key.toLowerCase()
      : String(candidate.id) === key,
  );
  if (!user)
    return notFound(`No user found with ${idProperty === "EMAIL" ? "email" : "id"} ${key}`);
  return jsonResponse(toPublicUser(user));
}

/** `GET /settings/v3/users?limit=&after=`: 100 a page at most, `paging.next.after`. */
export function listSettingsUsers(call: AuthorizedCall) {
  const page = readPage(call.query, 100, 100);
  if ("error" in page) return page.error;

  const { users } = call;
  const results = users.slice(page.offset, page.offset + page.limit).map(toPublicUser);
  return jsonResponse({ results, ...paging(page.offset + page.limit, users.length, call) });
}

export function listSettingsTeams(call: AuthorizedCall) {
  const { portal, users } = call;
  const results = portal.teams.map((team) => ({
    id: team.id,
    name: team.name,
    userIds: users.filter((u) => u.primaryTeamId === team.id).map((u) => String(u.id)),
    secondaryUserIds: users
      .filter((u) => u.secondaryTeamIds.includes(team.id))
      .map((u) => String(u.id)),
  }));
  return jsonResponse({ results });
}

export function listSettingsRoles(call: AuthorizedCall) {
  const results = call.portal.roles.map((role) => ({ ...role, requiresBillingWrite: false }));
  return jsonResponse({ results });
}

// hs_object_id, hs_createdate and hs_lastmodifieddate come back whatever was asked for.
const DEFAULT_CRM_PROPERTIES = ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"];

function crmProperties(portal: SandboxPortal, user: SandboxUser): Record<string, string | null> {
  return {
    hs_createdate: portal.createdAt,
    hs_lastmodifieddate: portal.createdAt,
    hs_object_id: user.crmObjectId,
    hs_internal_user_id: String(user.id),
    hs_email: user.email,
    hs_given_name: user.firstName ?? null,
    hs_family_name: user.lastName ?? null,
    hs_job_title: user.jobTitle ?? null,
    hs_working_hours: user.workingHours ? JSON.stringify(user.workingHours) : null,
    hs_standard_time_zone: user.timeZone ?? null,
    hs_availability_status: "available",
  };
}

/** The `properties` query: comma separated, possibly repeated; unknown names are ignored. */
function requestedProperties(query: URLSearchParams) {
  return query
    .getAll("properties")
    .flatMap((value) => value.split(","))
    .map((name) => name.trim())
    .filter(Boolean);
}

/**
 * A CRM user record. A requested property without a value comes back as null, as HubSpot
 * sends it, although its published schema types property values as strings only.
 */
function toCrmObject(portal: SandboxPortal, user: SandboxUser, query: URLSearchParams) {
  const all = crmProperties(portal, user);
  const names = new Set([...DEFAULT_CRM_PROPERTIES, ...requestedProperties(query)]);
  const properties = Object.fromEntries(
    [...names]
      .filter((name) => Object.hasOwn(all, name))
      .sort()
      .map((name) => [name, all[name]]),
  );
  return {
    id: user.crmObjectId,
    properties,
    createdAt: portal.createdAt,
    updatedAt: portal.createdAt,
    archived: false,
  };
}

export function listCrmUsers(call: AuthorizedCall) {
  const page = readPage(call.query, 10, 100);
  if ("error" in page) return page.error;
  if (call.query.get("archived") === "true") return jsonResponse({ results: [] });

  const { portal, users } = call;
  const results = users
    .slice(page.offset, page.offset + page.limit)
    .map((user) => toCrmObject(portal, user, call.query));
  return jsonResponse({ results, ...paging(page.offset + page.limit, users.length, call) });
}

/** `GET /crm/v3/objects/users/{id}`: by record id, or by `idProperty=hs_internal_user_id`. */
export function getCrmUser(call: AuthorizedCall) {
  const idProperty = call.query.get("idProperty") ?? "hs_object_id";
  const key = call.params.userId!;
  if (idProperty !== "hs_object_id" && idProperty !== "hs_internal_user_id") {
    return invalid(`${idProperty} is not a unique identifier property for users`, "idProperty");
  }

  const { portal } = call;
  const user = call.users.find((candidate) =>
    idProperty === "hs_internal_user_id"
      ? String(candidate.id) === key
      : candidate.crmObjectId === key,
  );
  if (!user || call.query.get("archived") === "true") return notFound("resource not found");
  return jsonResponse(toCrmObject(portal, user, call.query));
}

export function getAccountDetails(call: AuthorizedCall) {
  const { portal } = call;
  return jsonResponse({
    portalId: portal.hubId,
    accountType: portal.accountType,
    timeZone: portal.timeZone,
    companyCurrency: portal.companyCurrency,
    additionalCurrencies: [...portal.additionalCurrencies],
    utcOffset: portal.utcOffset,
    utcOffsetMilliseconds: portal.utcOffsetMilliseconds,
    uiDomain: portal.uiDomain,
    dataHostingLocation: portal.dataHostingLocation,
  });
}

/** The app uninstalls itself: every code and token of the portal is revoked at once. */
export async function deleteExternalInstall(call: AuthorizedCall) {
  await revokePortalGrants(call.portal.hubId, call.grant.clientId, call.now);
  return emptyResponse(204);
}

type Page = { offset: number; limit: number } | { error: Response };

function readPage(query: URLSearchParams, defaultLimit: number, maxLimit: number): Page {
  const rawLimit = query.get("limit");
  const rawAfter = query.get("after");
  const limit = rawLimit === null ? defaultLimit : Number(rawLimit);
  const offset = rawAfter === null ? 0 : Number(rawAfter);
  if (!Number.isInteger(limit) || limit < 1) {
    return { error: invalid("limit must be a positive whole number", "limit") };
  }
  if (!Number.isInteger(offset) || offset < 0) {
    return { error: invalid("after is not a cursor this API handed out", "after") };
  }
  return { offset, limit: Math.min(limit, maxLimit) };
}

function paging(next: number, total: number, call: AuthorizedCall) {
  if (next >= total) return {};
  const link = new URL(call.request.url);
  link.searchParams.set("after", String(next));
  return { paging: { next: { after: String(next), link: link.toString() } } };
}
