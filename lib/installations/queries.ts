import "server-only";

import { authorize } from "../auth";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { effectiveHealth } from "../sync/health";
import type { HealthFilter, ListParams, SortKey } from "./list-params";

/** What the dashboard's table shows for one installation: plain data, no token. */
export interface InstallationRow {
  id: string;
  hubId: number;
  domain: string | null;
  userName: string;
  userEmail: string;
  scopes: string[];
  accessTokenExpiresAt: string;
  installedAt: string;
  lastSyncedAt: string | null;
  health: string;
  healthReason: string;
}

/** The installations a search and health filter select, for the table and for bulk re-sync. */
export function installationFilter(
  q: string,
  health?: HealthFilter,
  now = new Date(),
): Prisma.InstallationWhereInput {
  const where: Prisma.InstallationWhereInput[] = [searchFilter(q)];
  // "Access token expired" is derived, not stored: see lib/sync/health.ts.
  if (health === "ACCESS_TOKEN_EXPIRED") {
    where.push({ health: "HEALTHY", accessTokenExpiresAt: { lte: now } });
  } else if (health === "HEALTHY") {
    where.push({ health: "HEALTHY", accessTokenExpiresAt: { gt: now } });
  } else if (health) {
    where.push({ health });
  }
  return { AND: where };
}

function searchFilter(q: string): Prisma.InstallationWhereInput {
  if (!q) return {};
  // Prisma passes `contains` to ILIKE as is: escape its wildcards so "%" means a percent sign.
  const literal = q.replace(/[\\%_]/g, (char) => `\\${char}`);
  const text = { contains: literal, mode: "insensitive" as const };
  const or: Prisma.InstallationWhereInput[] = [
    { portal: { domain: text } },
    { installerEmail: text },
    { installingUser: { email: text } },
    { installingUser: { fullName: text } },
  ];
  // Hub ids are matched whole: a fragment of one is rarely what anybody means.
  if (/^\d{1,10}$/.test(q) && Number(q) <= 2_147_483_647) or.unshift({ hubId: Number(q) });
  return { OR: or };
}

function ordering(
  sort: SortKey,
  dir: "asc" | "desc",
): Prisma.InstallationOrderByWithRelationInput[] {
  const nulls = dir === "asc" ? ("first" as const) : ("last" as const);
  const primary: Record<SortKey, Prisma.InstallationOrderByWithRelationInput> = {
    installed: { installedAt: dir },
    synced: { lastSyncedAt: { sort: dir, nulls } },
    expires: { accessTokenExpiresAt: dir },
    hub: { hubId: dir },
    domain: { portal: { domain: { sort: dir, nulls } } },
    user: { installingUser: { fullName: dir } },
    email: { installerEmail: { sort: dir, nulls } },
  };
  // The id makes the order total, so pages never repeat or skip a row.
  return [primary[sort], { id: "asc" }];
}

export async function listInstallations(db: Db, params: ListParams): Promise<InstallationRow[]> {
  await authorize("viewer");
  const rows = await db.installation.findMany({
    where: installationFilter(params.q, params.health),
    orderBy: ordering(params.sort, params.dir),
    skip: (params.page - 1) * params.size,
    take: params.size,
    select: {
      id: true,
      hubId: true,
      scopes: true,
      installerEmail: true,
      accessTokenExpiresAt: true,
      installedAt: true,
      lastSyncedAt: true,
      health: true,
      healthReason: true,
      portal: { select: { domain: true } },
      installingUser: { select: { fullName: true, email: true } },
    },
  });

  return rows.map((row) => ({
    id: row.id,
    hubId: row.hubId,
    domain: row.portal.domain,
    userName: row.installingUser?.fullName ?? "",
    userEmail: row.installingUser?.email ?? row.installerEmail ?? "",
    scopes: row.scopes,
    accessTokenExpiresAt: row.accessTokenExpiresAt.toISOString(),
    installedAt: row.installedAt.toISOString(),
    lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
    health: effectiveHealth(row.health, row.accessTokenExpiresAt),
    healthReason: row.healthReason,
  }));
}

export async function countInstallations(db: Db, q = "", health?: HealthFilter): Promise<number> {
  await authorize("viewer");
  return db.installation.count({ where: installationFilter(q, health) });
}
