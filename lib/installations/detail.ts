import "server-only";

import { z } from "zod";
import { authorize } from "../auth";
import type { Db } from "../db";
import { effectiveHealth, scopeDrift } from "../sync/health";

/** Everything the installation's page shows. Tokens are left out by the select. */
export async function getInstallationDetail(
  db: Db,
  id: string,
  app: { requiredScopes: readonly string[]; optionalScopes: readonly string[] },
) {
  await authorize("viewer");
  if (!z.uuid().safeParse(id).success) return null;
  const row = await db.installation.findUnique({
    where: { id },
    select: {
      id: true,
      hubId: true,
      appId: true,
      clientId: true,
      scopes: true,
      tokenType: true,
      tokenUse: true,
      accessTokenExpiresAt: true,
      accessTokenRefreshedAt: true,
      health: true,
      healthReason: true,
      installedAt: true,
      lastInstalledAt: true,
      lastSyncedAt: true,
      lastSyncAttemptAt: true,
      uninstalledAt: true,
      nextAttemptAt: true,
      rateLimitedUntil: true,
      syncLockedAt: true,
      portal: {
        select: {
          domain: true,
          accountType: true,
          timeZone: true,
          companyCurrency: true,
          additionalCurrencies: true,
          dataHostingLocation: true,
          uiDomain: true,
          utcOffset: true,
        },
      },
      installingUser: {
        select: {
          userId: true,
          email: true,
          fullName: true,
          roleId: true,
          roleIds: true,
          superAdmin: true,
          primaryTeamId: true,
          secondaryTeamIds: true,
          teams: true,
          jobTitle: true,
          workingHours: true,
        },
      },
      events: {
        orderBy: { createdAt: "desc" },
        take: 100,
        select: {
          id: true,
          kind: true,
          actor: true,
          outcome: true,
          message: true,
          createdAt: true,
        },
      },
    },
  });
  if (!row) return null;

  const teams = Array.isArray(row.installingUser?.teams)
    ? (row.installingUser.teams as Array<{ id: string; name: string }>)
    : [];
  return {
    ...row,
    health: effectiveHealth(row.health, row.accessTokenExpiresAt),
    teams,
    missingRequired: scopeDrift(app.requiredScopes, row.scopes),
    missingOptional: scopeDrift(app.optionalScopes, row.scopes),
    requiredScopes: [...app.requiredScopes],
    optionalScopes: [...app.optionalScopes],
  };
}

export type InstallationDetail = NonNullable<Awaited<ReturnType<typeof getInstallationDetail>>>;
