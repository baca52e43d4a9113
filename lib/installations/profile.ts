import type { HubSpotClient } from "../hubspot/client";
import { HubSpotError } from "../hubspot/errors";
import type { AccountDetails, HubSpotUser } from "../hubspot/schemas";

/**
 * What HubSpot says about an installing user and their portal, read the same way at
 * install time and on every re-sync.
 */

export interface UserProfile {
  user: HubSpotUser | null;
  jobTitle: string | null;
  workingHours: unknown;
  teams: Array<{ id: string; name: string }> | null;
  /** Calls HubSpot refused for want of a scope, e.g. "the installing user lookup". */
  forbidden: string[];
}

const isTolerated = (error: unknown): error is HubSpotError =>
  error instanceof HubSpotError && (error.kind === "not_found" || error.kind === "missing_scopes");

/**
 * The installing user by id, else by email. A user HubSpot can't show (deleted since, or
 * no settings scope) yields null with the reason noted; a transient failure throws.
 */
export async function readInstallingUser(
  hubspot: HubSpotClient,
  accessToken: string,
  who: { hubId: number; userId: number; email?: string | null },
  scopes: readonly string[],
): Promise<UserProfile> {
  const forbidden: string[] = [];
  let user: HubSpotUser | null = null;

  try {
    user = await hubspot.getUser(accessToken, who.hubId, { id: who.userId });
  } catch (error) {
    if (!isTolerated(error)) throw error;
    if (error.kind === "missing_scopes") forbidden.push(error.operation);
    else if (who.email) {
      user = await hubspot
        .getUser(accessToken, who.hubId, { email: who.email })
        .catch((again: unknown) => {
          if (!isTolerated(again)) throw again;
          return null;
        });
    }
  }

  // Job title, working hours and team names are niceties: their absence never fails a sync.
  const crm = scopes.includes("crm.objects.users.read")
    ? await hubspot.getCrmUserDetails(accessToken, who.hubId, who.userId).catch(() => null)
    : null;
  const teams =
    user && scopes.includes("settings.users.teams.read")
      ? await hubspot
          .listTeams(accessToken, who.hubId)
          .then((all) => {
            const mine = new Set([user?.primaryTeamId, ...(user?.secondaryTeamIds ?? [])]);
            return all.filter((team) => mine.has(team.id)).map(({ id, name }) => ({ id, name }));
          })
          .catch(() => null)
      : null;

  return {
    user,
    jobTitle: crm?.jobTitle ?? null,
    workingHours: crm?.workingHours ?? null,
    teams,
    forbidden,
  };
}

export function portalFields(account: AccountDetails, domain: string | null | undefined) {
  return {
    domain: domain ?? null,
    uiDomain: account.uiDomain,
    accountType: account.accountType,
    timeZone: account.timeZone,
    companyCurrency: account.companyCurrency,
    additionalCurrencies: account.additionalCurrencies,
    utcOffset: account.utcOffset ?? null,
    dataHostingLocation: account.dataHostingLocation,
  };
}

/** Fields for the installing user's row; what HubSpot didn't say keeps its stored value. */
export function installingUserFields(profile: UserProfile, fallbackEmail: string) {
  const { user } = profile;
  const firstName = user?.firstName ?? null;
  const lastName = user?.lastName ?? null;
  return {
    email: user?.email ?? fallbackEmail,
    ...(user && {
      firstName,
      lastName,
      fullName: [firstName, lastName].filter(Boolean).join(" "),
      roleId: user.roleId ?? null,
      roleIds: user.roleIds,
      superAdmin: user.superAdmin,
      primaryTeamId: user.primaryTeamId ?? null,
      secondaryTeamIds: user.secondaryTeamIds,
    }),
    ...(profile.jobTitle !== null && { jobTitle: profile.jobTitle }),
    ...(profile.workingHours !== null && { workingHours: profile.workingHours as object }),
    ...(profile.teams !== null && { teams: profile.teams }),
  };
}
