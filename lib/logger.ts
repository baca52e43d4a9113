import pino from "pino";

import { parseConfig } from "./config";

/**
 * The one logger. Redaction is configured here, once: whatever a caller passes, these
 * fields are replaced before a line is written.
 */
export const REDACTED_KEYS = [
  "access_token",
  "accessToken",
  "refresh_token",
  "refreshToken",
  "token",
  "id_token",
  "code",
  "client_secret",
  "clientSecret",
  "password",
  "passwordHash",
  "secret",
  "authorization",
  "cookie",
  "state",
];

export const REDACT_PATHS = [
  ...REDACTED_KEYS,
  ...REDACTED_KEYS.map((key) => `*.${key}`),
  ...REDACTED_KEYS.map((key) => `*.*.${key}`),
  "req.headers.authorization",
  "req.headers.cookie",
];

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream } = {},
) {
  return pino(
    {
      level: options.level ?? safeLevel(),
      base: { app: "portalscope" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination,
  );
}

// Parsed without caching: scripts may still set DATABASE_URL after importing the logger.
function safeLevel() {
  try {
    return parseConfig(process.env).logLevel;
  } catch {
    return "info";
  }
}

export const logger = createLogger();
