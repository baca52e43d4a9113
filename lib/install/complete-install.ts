import type { Db } from "../db";
import type { HubSpotClient } from "../hubspot/client";
import { HubSpotError } from "../hubspot/errors";
import type { AccessTokenInfo, HubSpotUser, RefreshTokenInfo } from "../hubspot/schemas";
import { encryptToken, tokenContext } from "../token-crypto";

/** A failure of the install itself (not HubSpot's), with a message for the installer. */
export class InstallError extends Error {
  constructor(
    message: string,
    readonly reason: "inactive_token" | "mismatch",
  ) {
    super(message);
    this.name = "InstallError";
  }
}

export interface InstallDeps {
  db: Db;
  hubspot: HubSpotClient;
  tokenKey: Buffer;
  clientId: string;
  appId?: number;
  now?: () => Date;
}

export interface InstallOutcome {
  installationId: string;
  hubId: number;
  domain: string | null;
  userName: string;
  userEmail: string;
  scopes: string[];
  reinstall: boolean;
}

/**
 * Finishes an install once the state has been checked: trades the code for tokens,
 * learns everything HubSpot will say about the portal and its installing user, then
 * writes it all in one transaction. Any failure before the transaction writes nothing.
 */
export async function completeInstall(deps: InstallDeps, code: string): Promise<InstallOutcome> {
  const { hubspot } = deps;
  const now = deps.now?.() ?? new Date();

  const tokens = await hubspot.exchangeCode(code);
  const [access, refresh] = await Promise.all([
    hubspot.introspectAccessToken(tokens.access_token),
    hubspot.introspectRefreshToken(tokens.refresh_token),
  ]);
  if (!access.active || !refresh.active) {
    throw new InstallError("HubSpot reports the new tokens as inactive.", "inactive_token");
  }
  assertSameGrant(deps, access, refresh, tokens.hub_id);

  const hubId = access.hub_id;
  const user = await findInstallingUser(hubspot, tokens.access_token, access);
  const scopes = [...new Set(tokens.scopes ?? access.scopes)].sort();
  const crm = scopes.includes("crm.objects.users.read")
    ? await hubspot
        .getCrmUserDetails(tokens.access_token, hubId, access.user_id)
        .catch(() => null) // Job title is a nicety: its absence never blocks an install.
    : null;
  const account = await hubspot.getAccountDetails(tokens.access_token, hubId);
  if (account.portalId !== hubId) {
    throw new InstallError("HubSpot described a different portal than the token's.", "mismatch");
  }

  const email = user?.email ?? access.user ?? "";
  const firstName = user?.firstName ?? null;
  const lastName = user?.lastName ?? null;
  const fullName = [firstName, lastName].filter(Boolean).join(" ");
  const context = tokenContext(hubId);
  const accessTokenExpiresAt = new Date(now.getTime() + tokens.expires_in * 1000);

  const portalData = {
    domain: access.hub_domain ?? refresh.hub_domain ?? null,
    uiDomain: account.uiDomain,
    accountType: account.accountType,
    timeZone: account.timeZone,
    companyCurrency: account.companyCurrency,
    additionalCurrencies: account.additionalCurrencies,
    utcOffset: account.utcOffset ?? null,
    dataHostingLocation: account.dataHostingLocation,
  };
  const userData = {
    email,
    firstName,
    lastName,
    fullName,
    roleId: user?.roleId ?? null,
    roleIds: user?.roleIds ?? [],
    superAdmin: user?.superAdmin ?? false,
    primaryTeamId: user?.primaryTeamId ?? null,
    secondaryTeamIds: user?.secondaryTeamIds ?? [],
    jobTitle: crm?.jobTitle ?? null,
    workingHours: crm?.workingHours ?? undefined,
  };
  const grant = {
    appId: access.app_id,
    clientId: access.client_id,
    installerEmail: email || null,
    scopes,
    tokenType: tokens.token_type,
    tokenUse: tokens.token_use ?? access.token_use ?? null,
    isPrivateDistribution: access.is_private_distribution ?? null,
    accessTokenEnc: encryptToken(tokens.access_token, deps.tokenKey, context),
    refreshTokenEnc: encryptToken(tokens.refresh_token, deps.tokenKey, context),
    accessTokenExpiresAt,
    accessTokenRefreshedAt: now,
    health: "HEALTHY" as const,
    healthReason: "Installed; tokens verified with HubSpot.",
    lastInstalledAt: now,
    lastSyncedAt: now,
    uninstalledAt: null,
  };

  return deps.db.$transaction(async (tx) => {
    await tx.portal.upsert({
      where: { hubId },
      create: { hubId, ...portalData },
      update: portalData,
    });
    const installingUser = await tx.installingUser.upsert({
      where: { hubId_userId: { hubId, userId: access.user_id } },
      create: { hubId, userId: access.user_id, ...userData },
      update: userData,
      select: { id: true },
    });

    // The hub id is the installation's natural key: a reinstall finds the same row, so
    // history and links survive.
    const existing = await tx.installation.findUnique({ where: { hubId }, select: { id: true } });
    const installation = await tx.installation.upsert({
      where: { hubId },
      create: { hubId, installingUserId: installingUser.id, installedAt: now, ...grant },
      update: { installingUserId: installingUser.id, ...grant },
      select: { id: true },
    });
    await tx.installationEvent.create({
      data: {
        installationId: installation.id,
        kind: existing ? "REINSTALL" : "INSTALL",
        actor: email || "installer",
        outcome: "ok",
        message: `${existing ? "Reinstalled" : "Installed"} by ${email || `user ${access.user_id}`}`,
        details: {
          scopes,
          userId: access.user_id,
          userLookup: user ? "found" : "unavailable",
          tokenApi: hubspot.tokenApi,
        },
        createdAt: now,
      },
    });

    return {
      installationId: installation.id,
      hubId,
      domain: portalData.domain,
      userName: fullName,
      userEmail: email,
      scopes,
      reinstall: Boolean(existing),
    };
  });
}

function assertSameGrant(
  deps: InstallDeps,
  access: AccessTokenInfo,
  refresh: RefreshTokenInfo,
  exchangedHubId?: number,
) {
  const hubIds = new Set([access.hub_id, refresh.hub_id, exchangedHubId ?? access.hub_id]);
  if (hubIds.size !== 1) {
    throw new InstallError("HubSpot's tokens name different portals.", "mismatch");
  }
  if (access.client_id !== deps.clientId || refresh.client_id !== deps.clientId) {
    throw new InstallError("HubSpot issued these tokens to a different app.", "mismatch");
  }
}

/**
 * The installing user by id, or by email when the id is unknown to User Provisioning.
 * A user HubSpot can't show us (deleted since, or no settings scope) leaves the install
 * intact with the email from introspection; a transient failure fails the install.
 */
async function findInstallingUser(
  hubspot: HubSpotClient,
  accessToken: string,
  access: AccessTokenInfo,
): Promise<HubSpotUser | null> {
  const tolerated = (error: unknown) =>
    error instanceof HubSpotError && (error.kind === "not_found" || error.kind === "missing_scopes");

  try {
    return await hubspot.getUser(accessToken, access.hub_id, { id: access.user_id });
  } catch (error) {
    if (!tolerated(error)) throw error;
    if (!access.user || (error as HubSpotError).kind !== "not_found") return null;
  }
  try {
    return await hubspot.getUser(accessToken, access.hub_id, { email: access.user });
  } catch (error) {
    if (!tolerated(error)) throw error;
    return null;
  }
}
