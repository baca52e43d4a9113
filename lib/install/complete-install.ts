import type { Db } from "../db";
import type { HubSpotClient } from "../hubspot/client";
import type { AccessTokenInfo, RefreshTokenInfo, TokenResponse } from "../hubspot/schemas";
import { installingUserFields, portalFields, readInstallingUser } from "../installations/profile";
import { scopeDrift } from "../sync/health";
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
  /** The app's required scopes today: a grant without one of them is flagged. */
  requiredScopes?: readonly string[];
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
  try {
    return await storeInstall(deps, tokens, now);
  } catch (error) {
    // Nothing was stored, so nothing could ever use or refresh this grant: hand it back.
    await hubspot.revokeRefreshToken(tokens.refresh_token).catch(() => undefined);
    throw error;
  }
}

async function storeInstall(
  deps: InstallDeps,
  tokens: TokenResponse,
  now: Date,
): Promise<InstallOutcome> {
  const { hubspot } = deps;
  const [access, refresh] = await Promise.all([
    hubspot.introspectAccessToken(tokens.access_token),
    hubspot.introspectRefreshToken(tokens.refresh_token),
  ]);
  if (!access.active || !refresh.active) {
    throw new InstallError("HubSpot reports the new tokens as inactive.", "inactive_token");
  }
  assertSameGrant(deps, access, refresh, tokens.hub_id);

  const hubId = access.hub_id;
  const scopes = [...new Set(tokens.scopes ?? access.scopes)].sort();
  const profile = await readInstallingUser(
    hubspot,
    tokens.access_token,
    { hubId, userId: access.user_id, email: access.user },
    scopes,
  );
  const account = await hubspot.getAccountDetails(tokens.access_token, hubId);
  if (account.portalId !== hubId) {
    throw new InstallError("HubSpot described a different portal than the token's.", "mismatch");
  }

  const userData = installingUserFields(profile, access.user ?? "");
  const email = userData.email;
  const fullName = userData.fullName ?? "";
  const portalData = portalFields(account, access.hub_domain ?? refresh.hub_domain);
  const context = tokenContext(hubId);
  const missing = scopeDrift(deps.requiredScopes ?? [], scopes);
  const grant = {
    appId: access.app_id ?? refresh.app_id ?? deps.appId ?? null,
    clientId: deps.clientId,
    installerEmail: email || null,
    scopes,
    tokenType: tokens.token_type,
    tokenUse: tokens.token_use ?? access.token_use ?? null,
    isPrivateDistribution: access.is_private_distribution ?? null,
    accessTokenEnc: encryptToken(tokens.access_token, deps.tokenKey, context),
    refreshTokenEnc: encryptToken(tokens.refresh_token, deps.tokenKey, context),
    accessTokenExpiresAt: new Date(now.getTime() + tokens.expires_in * 1000),
    accessTokenRefreshedAt: now,
    health: missing.length ? ("MISSING_SCOPES" as const) : ("HEALTHY" as const),
    healthReason: missing.length
      ? `The grant lacks required scopes: ${missing.join(", ")}.`
      : "Installed; tokens verified with HubSpot.",
    lastInstalledAt: now,
    lastSyncedAt: now,
    lastSyncAttemptAt: now,
    consecutiveFailures: 0,
    nextAttemptAt: null,
    rateLimitedUntil: null,
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
          userLookup: profile.user ? "found" : "unavailable",
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
  const clientIds = [access.client_id, refresh.client_id].filter(Boolean);
  if (clientIds.length === 0 || clientIds.some((clientId) => clientId !== deps.clientId)) {
    throw new InstallError("HubSpot issued these tokens to a different app.", "mismatch");
  }
}
