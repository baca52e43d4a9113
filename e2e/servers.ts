import { readFileSync } from "node:fs";
import path from "node:path";

import type { TestInfo } from "@playwright/test";

/**
 * What the browser tests know about the server behind a project, from the project's
 * metadata in playwright.config.ts: where its data lives and how to reach its database,
 * for the checks that must look behind the pages (setup token, stored secrets).
 */
export interface ServerInfo {
  /** The webServer's name, which also prefixes its lines in the captured server log. */
  server: string;
  dataDir: string;
  /** Unset for the embedded PostgreSQL, whose password sits in dataDir. */
  databaseUrl?: string;
  embeddedPgPort?: number;
  /** Unset when the server generated its key into dataDir. */
  tokenKey?: string;
  /** Unset when the server generated its session secret into dataDir. */
  authSecret?: string;
}

export function serverOf(testInfo: TestInfo): ServerInfo {
  const info = testInfo.project.metadata as Partial<ServerInfo>;
  if (!info.server || !info.dataDir) {
    throw new Error(
      `Project ${testInfo.project.name} has no server metadata (see playwright.config.ts).`,
    );
  }
  return info as ServerInfo;
}

export function databaseUrlOf(info: ServerInfo) {
  if (info.databaseUrl) return info.databaseUrl;
  const password = readFileSync(path.join(info.dataDir, "postgres.password"), "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${info.embeddedPgPort}/portalscope`;
}

export function tokenKeyOf(info: ServerInfo) {
  const base64 =
    info.tokenKey ?? readFileSync(path.join(info.dataDir, "token-encryption.key"), "utf8");
  return Buffer.from(base64.trim(), "base64");
}

export function authSecretOf(info: ServerInfo) {
  return (
    info.authSecret ?? readFileSync(path.join(info.dataDir, "auth-secret.key"), "utf8")
  ).trim();
}

export function setupTokenOf(info: ServerInfo) {
  return readFileSync(path.join(info.dataDir, "setup-token"), "utf8").trim();
}

/** Where the server-log reporter writes every line the webServers print. */
export const SERVER_LOG = path.join("test-results", "e2e-server.log");

/** Where the response recorder (fixtures.ts) writes what the browser received, per server. */
export function responseLogOf(info: ServerInfo) {
  return path.join("test-results", "e2e-responses", `${info.server}.jsonl`);
}
