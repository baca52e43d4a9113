import "server-only";

import { z } from "zod";
import { recordAudit } from "./audit";
import { authorize, type Actor } from "./auth/guard";
import { getConfig } from "./config";
import { getDb, type Db } from "./db";
import { getHubSpotClient, HubSpotError, type HubSpotClient } from "./hubspot";
import { logger } from "./logger";
import { acquireSyncLock, releaseSyncLock } from "./sync/lock";
import { decryptToken, encryptToken, tokenContext } from "./token-crypto";

/**
 * Admin actions that cut Portalscope off from a portal: revoking the installation's
 * refresh token, or uninstalling the app from the portal through HubSpot (which also
 * emails the portal's users). Both are confirmed by typing the portal's hub id, hold the
 * installation's sync lock so no re-sync refreshes tokens meanwhile, and leave the
 * installation in the table as uninstalled: a reinstall reconnects it.
 */

export class DisconnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DisconnectError";
  }
}

export interface DisconnectDeps {
  db: Db;
  hubspot: HubSpotClient;
  tokenKey: Buffer;
}

function defaultDeps(): DisconnectDeps {
  return { db: getDb(), hubspot: getHubSpotClient(), tokenKey: getConfig().tokenKey() };
}

type Action = "revoke" | "uninstall";

export async function revokeInstallationTokens(installationId: string, confirmHubId: string) {
  const actor = await authorize("admin");
  return disconnect(defaultDeps(), actor, "revoke", installationId, confirmHubId);
}

export async function uninstallFromPortal(installationId: string, confirmHubId: string) {
  const actor = await authorize("admin");
  return disconnect(defaultDeps(), actor, "uninstall", installationId, confirmHubId);
}

/** The installation as the confirmation page shows it, or null. */
export async function getDisconnectTarget(installationId: string) {
  await authorize("admin");
  if (!z.uuid().safeParse(installationId).success) return null;
  return getDb().installation.findUnique({
    where: { id: installationId },
    select: {
      id: true,
      hubId: true,
      health: true,
      healthReason: true,
      uninstalledAt: true,
      portal: { select: { domain: true } },
    },
  });
}

async function disconnect(
  deps: DisconnectDeps,
  actor: Actor,
  action: Action,
  installationId: string,
  confirmHubId: string,
) {
  const installation = await getDisconnectTarget(installationId);
  if (!installation) throw new DisconnectError("That installation does not exist.");
  const { hubId } = installation;
  if (confirmHubId.trim() !== String(hubId)) {
    throw new DisconnectError(`Type the hub id ${hubId} to confirm.`);
  }

  const lockId = await acquireSyncLock(deps.db, installationId);
  if (!lockId) {
    throw new DisconnectError("A re-sync of this installation is running. Try again in a moment.");
  }
  const audit = { actor, hubId, installationId, target: `hub ${hubId}` };
  try {
    if (action === "revoke") await revoke(deps, installationId, hubId);
    else await uninstall(deps, installationId, hubId);
  } catch (error) {
    const message =
      error instanceof HubSpotError
        ? `HubSpot refused: ${error.message}`
        : "The request could not be completed. The error has been logged.";
    if (!(error instanceof HubSpotError))
      logger.error({ err: error, installationId, hubId }, `${action} failed`);
    await recordAudit({ ...audit, action, outcome: "failed", details: { reason: message } });
    throw new DisconnectError(message);
  } finally {
    await releaseSyncLock(deps.db, installationId, lockId);
  }

  const when = new Date();
  const message =
    action === "revoke"
      ? `Tokens revoked by ${actor.label}. HubSpot still lists the app in the portal; a reinstall reconnects it.`
      : `Uninstalled from the portal by ${actor.label}. A reinstall reconnects it.`;
  await deps.db.$transaction([
    deps.db.installation.update({
      where: { id: installationId },
      data: {
        health: "UNINSTALLED",
        healthReason: message,
        uninstalledAt: when,
        nextAttemptAt: null,
      },
    }),
    deps.db.installationEvent.create({
      data: { installationId, kind: "UNINSTALL", actor: actor.label, outcome: action, message },
    }),
  ]);
  await recordAudit({ ...audit, action });
  logger.info({ installationId, hubId, operator: actor.label }, `${action} done`);
  return { hubId, message };
}

async function revoke(deps: DisconnectDeps, installationId: string, hubId: number) {
  const { refreshTokenEnc } = await deps.db.installation.findUniqueOrThrow({
    where: { id: installationId },
    select: { refreshTokenEnc: true },
  });
  const refreshToken = decryptToken(refreshTokenEnc, deps.tokenKey, tokenContext(hubId));
  await deps.hubspot.revokeRefreshToken(refreshToken, hubId);
}

// The uninstall call needs a live access token: refresh it first when it is about to expire.
const FRESH_FOR_MS = 60_000;

async function uninstall(deps: DisconnectDeps, installationId: string, hubId: number) {
  const row = await deps.db.installation.findUniqueOrThrow({
    where: { id: installationId },
    select: { accessTokenEnc: true, refreshTokenEnc: true, accessTokenExpiresAt: true },
  });
  const context = tokenContext(hubId);
  let accessToken = decryptToken(row.accessTokenEnc, deps.tokenKey, context);

  if (row.accessTokenExpiresAt.getTime() - Date.now() < FRESH_FOR_MS) {
    const refreshToken = decryptToken(row.refreshTokenEnc, deps.tokenKey, context);
    const tokens = await deps.hubspot.refreshAccessToken(refreshToken, hubId);
    accessToken = tokens.access_token;
    // Kept even if the uninstall then fails, like any refresh.
    await deps.db.installation.update({
      where: { id: installationId },
      data: {
        accessTokenEnc: encryptToken(accessToken, deps.tokenKey, context),
        refreshTokenEnc: encryptToken(tokens.refresh_token ?? refreshToken, deps.tokenKey, context),
        accessTokenExpiresAt: new Date(Date.now() + tokens.expires_in * 1000),
        accessTokenRefreshedAt: new Date(),
      },
    });
  }
  await deps.hubspot.uninstallApp(accessToken, hubId);
}
