import { randomBytes } from "node:crypto";

import { getDb } from "@/lib/db";
import { encryptToken, tokenContext } from "@/lib/token-crypto";

/** Writes an installation straight to the database, for tests that aren't about installing. */
export async function insertInstallation(input: {
  hubId: number;
  domain?: string | null;
  email?: string;
  firstName?: string;
  lastName?: string;
  installedAt?: Date;
  scopes?: string[];
}) {
  const db = getDb();
  const key = Buffer.from(
    process.env.TOKEN_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    "base64",
  );
  const context = tokenContext(input.hubId);
  const email = input.email ?? `user${input.hubId}@example.com`;
  const fullName = [input.firstName, input.lastName].filter(Boolean).join(" ");
  const installedAt = input.installedAt ?? new Date();

  await db.portal.create({ data: { hubId: input.hubId, domain: input.domain ?? null } });
  const user = await db.installingUser.create({
    data: {
      hubId: input.hubId,
      userId: input.hubId + 1,
      email,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      fullName,
    },
  });
  return db.installation.create({
    data: {
      hubId: input.hubId,
      clientId: "test-client",
      installingUserId: user.id,
      installerEmail: email,
      scopes: input.scopes ?? ["oauth"],
      tokenType: "bearer",
      accessTokenEnc: encryptToken(`AT-${input.hubId}`, key, context),
      refreshTokenEnc: encryptToken(`RT-${input.hubId}`, key, context),
      accessTokenExpiresAt: new Date(installedAt.getTime() + 1800_000),
      accessTokenRefreshedAt: installedAt,
      installedAt,
      lastInstalledAt: installedAt,
    },
  });
}
