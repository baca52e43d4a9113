import type { Db } from "../db";
import type { TokenHealth } from "../generated/prisma/enums";
import type { HubSpotClient } from "../hubspot/client";
import { HubSpotError } from "../hubspot/errors";
import { installingUserFields, portalFields, readInstallingUser } from "../installations/profile";
import { logger } from "../logger";
import { decryptToken, encryptToken, TokenDecryptionError, tokenContext } from "../token-crypto";
import { nextUtcMidnight, retryDelayMs, scopeDrift } from "./health";
import { acquireSyncLock, releaseSyncLock, waitForSyncLock } from "./lock";

/** Access tokens this close to expiry are refreshed before any other call. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

export interface ResyncDeps {
  db: Db;
  hubspot: HubSpotClient;
  tokenKey: Buffer;
  requiredScopes: readonly string[];
}

export interface ResyncOutcome {
  installationId: string;
  health: TokenHealth;
  message: string;
  /** False when the re-sync could not reach a verdict (a transient failure). */
  ok: boolean;
  refreshed: boolean;
  /** Another caller's re-sync finished while this one waited; its result is shared. */
  coalesced: boolean;
  skipped: boolean;
}

class UninstallEvidence extends Error {}

/**
 * Brings one installation up to date with HubSpot. Only one re-sync of an installation
 * runs at a time across all processes; callers that arrive while one runs wait for it
 * and share its result, so twenty simultaneous clicks make one token refresh.
 */
export async function resyncInstallation(
  deps: ResyncDeps,
  installationId: string,
  actor = "system",
): Promise<ResyncOutcome> {
  const requestedAt = new Date();

  for (;;) {
    const lockId = await acquireSyncLock(deps.db, installationId);
    if (lockId) {
      try {
        return await runLocked(deps, installationId, actor, lockId);
      } finally {
        await releaseSyncLock(deps.db, installationId, lockId);
      }
    }

    await waitForSyncLock(deps.db, installationId);
    const row = await deps.db.installation.findUnique({
      where: { id: installationId },
      select: { lastSyncAttemptAt: true, health: true, healthReason: true },
    });
    if (!row) throw new Error("Installation not found.");
    if (row.lastSyncAttemptAt && row.lastSyncAttemptAt >= requestedAt) {
      return {
        installationId,
        health: row.health,
        message: row.healthReason,
        ok: row.health !== "DEGRADED",
        refreshed: false,
        coalesced: true,
        skipped: false,
      };
    }
  }
}

async function runLocked(
  deps: ResyncDeps,
  installationId: string,
  actor: string,
  lockId: string,
): Promise<ResyncOutcome> {
  const { db, hubspot } = deps;
  const installation = await db.installation.findUnique({
    where: { id: installationId },
    include: { installingUser: { select: { userId: true, email: true } } },
  });
  if (!installation) throw new Error("Installation not found.");
  const { hubId } = installation;
  const log = logger.child({ installationId, hubId });
  const base = { installationId, coalesced: false };
  const now = new Date();

  if (installation.rateLimitedUntil && installation.rateLimitedUntil > now) {
    const message = `Paused: HubSpot's daily limit for this portal resets at ${installation.rateLimitedUntil.toISOString()}.`;
    return {
      ...base,
      health: installation.health,
      message,
      ok: false,
      refreshed: false,
      skipped: true,
    };
  }

  let refreshed = false;
  try {
    const context = tokenContext(hubId);
    let refreshToken = decryptToken(installation.refreshTokenEnc, deps.tokenKey, context);
    let accessToken = decryptToken(installation.accessTokenEnc, deps.tokenKey, context);

    const grant = await hubspot.introspectRefreshToken(refreshToken);
    if (!grant.active) throw new UninstallEvidence("HubSpot reports the refresh token inactive.");
    if (grant.hub_id !== hubId) throw new Error("HubSpot's refresh token names another portal.");

    if (installation.accessTokenExpiresAt.getTime() - now.getTime() < REFRESH_AHEAD_MS) {
      const tokens = await hubspot.refreshAccessToken(refreshToken, hubId).catch((error) => {
        if (error instanceof HubSpotError && error.isRevokedGrant) {
          throw new UninstallEvidence("HubSpot rejected the refresh token (invalid_grant).");
        }
        throw error;
      });
      const rotated = Boolean(tokens.refresh_token && tokens.refresh_token !== refreshToken);
      accessToken = tokens.access_token;
      refreshToken = tokens.refresh_token ?? refreshToken;
      const expiresAt = new Date(Date.now() + tokens.expires_in * 1000);
      // Stored at once, not with the rest: if a later call fails, the new tokens survive.
      await db.$transaction([
        db.installation.update({
          where: { id: installationId },
          data: {
            accessTokenEnc: encryptToken(accessToken, deps.tokenKey, context),
            refreshTokenEnc: encryptToken(refreshToken, deps.tokenKey, context),
            accessTokenExpiresAt: expiresAt,
            accessTokenRefreshedAt: new Date(),
          },
        }),
        db.installationEvent.create({
          data: {
            installationId,
            kind: "REFRESH",
            actor,
            message: `Access token refreshed; valid until ${expiresAt.toISOString()}.`,
            details: { refreshTokenRotated: rotated },
          },
        }),
      ]);
      refreshed = true;
    }

    const scopes = [...new Set(grant.scopes)].sort();
    const profile = await readInstallingUser(
      hubspot,
      accessToken,
      {
        hubId,
        userId: installation.installingUser?.userId ?? grant.user_id,
        email: grant.user ?? installation.installingUser?.email,
      },
      scopes,
    );
    const forbidden = [...profile.forbidden];
    const account = await hubspot.getAccountDetails(accessToken, hubId).catch((error) => {
      if (error instanceof HubSpotError && error.kind === "missing_scopes") {
        forbidden.push(error.operation);
        return null;
      }
      throw error;
    });

    const drift = scopeDrift(deps.requiredScopes, scopes);
    const health: TokenHealth = drift.length || forbidden.length ? "MISSING_SCOPES" : "HEALTHY";
    const message = drift.length
      ? `The grant lacks required scopes: ${drift.join(", ")}.`
      : forbidden.length
        ? `HubSpot refused ${forbidden.join(" and ")} for a missing scope (403 MISSING_SCOPES).`
        : profile.user
          ? "Tokens valid; portal and installing user up to date."
          : "Tokens valid; HubSpot no longer knows the installing user, so the last known details are kept.";

    await db.$transaction(async (tx) => {
      if (account) {
        await tx.portal.update({ where: { hubId }, data: portalFields(account, grant.hub_domain) });
      }
      const userId = profile.user ? Number(profile.user.id) : grant.user_id;
      const userData = installingUserFields(
        profile,
        grant.user ?? installation.installingUser?.email ?? "",
      );
      const user = await tx.installingUser.upsert({
        where: { hubId_userId: { hubId, userId } },
        create: { hubId, userId, ...userData },
        update: userData,
        select: { id: true },
      });
      const finished = new Date();
      // Matching the lock id means a holder whose lock went stale and was taken over
      // cannot overwrite the newer holder's result.
      await tx.installation.update({
        where: { id: installationId, syncLockId: lockId },
        data: {
          scopes,
          installingUserId: user.id,
          installerEmail: userData.email || installation.installerEmail,
          health,
          healthReason: message,
          lastSyncedAt: finished,
          lastSyncAttemptAt: finished,
          consecutiveFailures: 0,
          nextAttemptAt: null,
          rateLimitedUntil: null,
          uninstalledAt: null,
        },
      });
      await tx.installationEvent.create({
        data: {
          installationId,
          kind: "RESYNC",
          actor,
          outcome: health === "HEALTHY" ? "ok" : "missing_scopes",
          message,
          details: { scopes, refreshed, userFound: Boolean(profile.user), drift, forbidden },
        },
      });
    });
    log.info({ health, refreshed, actor }, "re-sync finished");
    return { ...base, health, message, ok: true, refreshed, skipped: false };
  } catch (error) {
    if (error instanceof UninstallEvidence) {
      return markUninstalled(
        deps,
        installation.id,
        installation.uninstalledAt,
        actor,
        error.message,
        refreshed,
      );
    }
    return markFailed(deps, installation, actor, error, refreshed, log);
  }
}

async function markUninstalled(
  deps: ResyncDeps,
  installationId: string,
  alreadyAt: Date | null,
  actor: string,
  evidence: string,
  refreshed: boolean,
): Promise<ResyncOutcome> {
  const now = new Date();
  const message = `Uninstalled: ${evidence} Nothing was deleted; a reinstall restores the installation.`;
  await deps.db.$transaction([
    deps.db.installation.update({
      where: { id: installationId },
      data: {
        health: "UNINSTALLED",
        healthReason: message,
        uninstalledAt: alreadyAt ?? now,
        lastSyncAttemptAt: now,
        nextAttemptAt: null,
      },
    }),
    deps.db.installationEvent.create({
      data: { installationId, kind: "UNINSTALL", actor, outcome: "uninstalled", message },
    }),
  ]);
  logger.warn({ installationId, actor }, "installation detected as uninstalled");
  return {
    installationId,
    health: "UNINSTALLED",
    message,
    ok: true,
    refreshed,
    coalesced: false,
    skipped: false,
  };
}

async function markFailed(
  deps: ResyncDeps,
  installation: { id: string; health: TokenHealth; consecutiveFailures: number },
  actor: string,
  error: unknown,
  refreshed: boolean,
  log: typeof logger,
): Promise<ResyncOutcome> {
  const now = new Date();
  const failures = installation.consecutiveFailures + 1;
  const daily = error instanceof HubSpotError && error.policyName === "DAILY";
  const reason =
    error instanceof HubSpotError
      ? error.message
      : error instanceof TokenDecryptionError
        ? "The stored tokens cannot be decrypted: check TOKEN_ENCRYPTION_KEY."
        : "An unexpected error stopped the re-sync; it has been logged.";
  // An uninstalled installation stays uninstalled: a transient failure proves nothing.
  const health: TokenHealth = installation.health === "UNINSTALLED" ? "UNINSTALLED" : "DEGRADED";
  const message =
    health === "DEGRADED"
      ? `${reason} The previous data is kept and the re-sync will be retried.`
      : installation.health === "UNINSTALLED"
        ? `Still uninstalled; the last check failed: ${reason}`
        : reason;

  await deps.db.$transaction([
    deps.db.installation.update({
      where: { id: installation.id },
      data: {
        health,
        healthReason: message,
        lastSyncAttemptAt: now,
        consecutiveFailures: failures,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(failures)),
        rateLimitedUntil: daily ? nextUtcMidnight(now) : undefined,
      },
    }),
    deps.db.installationEvent.create({
      data: {
        installationId: installation.id,
        kind: "FAILURE",
        actor,
        outcome: error instanceof HubSpotError ? error.kind : "error",
        message: reason,
        details: error instanceof HubSpotError ? error.toJSON() : undefined,
      },
    }),
  ]);
  if (error instanceof HubSpotError) log.warn({ hubspot: error.toJSON(), actor }, "re-sync failed");
  else log.error({ err: error, actor }, "re-sync failed");
  return {
    installationId: installation.id,
    health,
    message,
    ok: false,
    refreshed,
    coalesced: false,
    skipped: false,
  };
}
