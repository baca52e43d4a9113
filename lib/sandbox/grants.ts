import "server-only";

import { createHash, randomBytes, randomUUID } from "node:crypto";

import { getDb } from "../db";
import type { SandboxGrant } from "../generated/prisma/client";

/**
 * The sandbox's authorization codes, access tokens and refresh tokens, kept in PostgreSQL
 * so every app process and restart sees the same grants. Only a SHA-256 hash of each
 * secret is stored: the secret itself exists once, in the answer that hands it out.
 */

export type GrantKind = "code" | "access_token" | "refresh_token";

export const CODE_LIFETIME_MS = 5 * 60_000;
export const ACCESS_TOKEN_LIFETIME_S = 1800;

export function hashSecret(secret: string) {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

// Codes and refresh tokens carry the portal's hublet as HubSpot's do ("na1-…", "eu1-…").
function newRegionalSecret(hublet: string) {
  return `${hublet}-${randomUUID()}`;
}

// HubSpot's access tokens are opaque strings of about 200-300 characters: 1 + 220 here.
function newAccessToken() {
  return `C${randomBytes(165).toString("base64url")}`;
}

export interface GrantSubject {
  hubId: number;
  userId: number;
  scopes: string[];
  clientId: string;
}

export async function createAuthorizationCode(
  subject: GrantSubject & { hublet: string; redirectUri: string },
  now = new Date(),
) {
  const code = newRegionalSecret(subject.hublet);
  await getDb().sandboxGrant.create({
    data: {
      kind: "code" satisfies GrantKind,
      secretHash: hashSecret(code),
      hubId: subject.hubId,
      userId: subject.userId,
      scopes: subject.scopes,
      clientId: subject.clientId,
      redirectUri: subject.redirectUri,
      expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
    },
  });
  return code;
}

/** The grant a secret belongs to, of any kind and state; the caller judges it. */
export async function findGrant(secret: string | null | undefined) {
  if (!secret) return null;
  return getDb().sandboxGrant.findUnique({ where: { secretHash: hashSecret(secret) } });
}

export function isLive(grant: SandboxGrant, kind: GrantKind, now = new Date()) {
  return (
    grant.kind === kind &&
    grant.revokedAt === null &&
    grant.usedAt === null &&
    (grant.expiresAt === null || grant.expiresAt > now)
  );
}

export interface IssuedTokens {
  accessToken: string;
  accessGrant: SandboxGrant;
  refreshToken: string;
}

/**
 * Spends a code and issues an access and a refresh token for it, in one transaction. The
 * conditional update is what makes a code single use: of two concurrent exchanges only one
 * moves `used_at` from null, and the other gets null back.
 */
export async function redeemAuthorizationCode(
  code: SandboxGrant,
  hublet: string,
  now = new Date(),
): Promise<IssuedTokens | null> {
  return getDb().$transaction(async (tx) => {
    const spent = await tx.sandboxGrant.updateMany({
      where: { id: code.id, kind: "code", usedAt: null, revokedAt: null },
      data: { usedAt: now },
    });
    if (spent.count !== 1) return null;

    const subject = { hubId: code.hubId, userId: code.userId, clientId: code.clientId };
    const refreshToken = newRegionalSecret(hublet);
    await tx.sandboxGrant.create({
      data: {
        ...subject,
        kind: "refresh_token" satisfies GrantKind,
        secretHash: hashSecret(refreshToken),
        scopes: code.scopes,
      },
    });
    const accessToken = newAccessToken();
    const accessGrant = await tx.sandboxGrant.create({
      data: accessTokenRow({ ...subject, scopes: code.scopes }, accessToken, now),
    });
    return { accessToken, accessGrant, refreshToken };
  });
}

export async function issueAccessToken(subject: GrantSubject, now = new Date()) {
  const accessToken = newAccessToken();
  const accessGrant = await getDb().sandboxGrant.create({
    data: accessTokenRow(subject, accessToken, now),
  });
  return { accessToken, accessGrant };
}

function accessTokenRow(subject: GrantSubject, accessToken: string, now: Date) {
  return {
    ...subject,
    kind: "access_token" satisfies GrantKind,
    secretHash: hashSecret(accessToken),
    expiresAt: new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_S * 1000),
  };
}

/** Revokes one grant; false when it was already revoked. */
export async function revokeGrant(id: string, now = new Date()) {
  const { count } = await getDb().sandboxGrant.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: now },
  });
  return count === 1;
}

/** What an uninstall does: every code and token of the portal stops working at once. */
export async function revokePortalGrants(hubId: number, clientId: string, now = new Date()) {
  const { count } = await getDb().sandboxGrant.updateMany({
    where: { hubId, clientId, revokedAt: null },
    data: { revokedAt: now },
  });
  return count;
}

export function secondsUntil(date: Date | null, now = new Date()) {
  if (!date) return 0;
  return Math.max(0, Math.floor((date.getTime() - now.getTime()) / 1000));
}
