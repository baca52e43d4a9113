import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Configuration is read from the environment once, validated, and frozen. A bad value
 * stops start-up with a message naming the variable; nothing else reads process.env.
 */

const SANDBOX_CLIENT_ID = "portalscope-sandbox";
const SANDBOX_CLIENT_SECRET = "portalscope-sandbox-secret";
const SANDBOX_APP_ID = 4242001;

const scopeList = z
  .string()
  .trim()
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .pipe(
    z.array(z.string().regex(/^[a-z0-9._-]+$/i, "scopes are words like crm.objects.users.read")),
  );

const postgresUrl = z
  .string()
  .trim()
  .refine(
    (value) => /^postgres(ql)?:\/\/.+/.test(value),
    "must be a postgres:// or postgresql:// URL",
  );

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    APP_URL: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:3000" })
      .default("http://localhost:3000")
      .refine((value) => !/[?#]/.test(value), "must not carry a query or a fragment")
      .transform((value) => value.replace(/\/+$/, "")),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATA_DIR: z.string().trim().min(1).default(".portalscope"),
    DATABASE_URL: postgresUrl.optional(),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    TOKEN_ENCRYPTION_KEY: z
      .string()
      .trim()
      .refine(
        (value) => Buffer.from(value, "base64").length === 32,
        "must be 32 random bytes in base64 (openssl rand -base64 32)",
      )
      .optional(),
    HUBSPOT_CLIENT_ID: z.string().trim().min(1).optional(),
    HUBSPOT_CLIENT_SECRET: z.string().trim().min(1).optional(),
    HUBSPOT_APP_ID: z.coerce.number().int().positive().optional(),
    HUBSPOT_SCOPES: scopeList.default(["oauth", "settings.users.read"]),
    HUBSPOT_OPTIONAL_SCOPES: scopeList.default([
      "crm.objects.users.read",
      "settings.users.teams.read",
    ]),
    HUBSPOT_TOKEN_API: z.enum(["2026-03", "v1"]).default("2026-03"),
    HUBSPOT_API_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.hubapi.com"),
    HUBSPOT_AUTHORIZE_URL: z
      .url({ protocol: /^https$/ })
      .default("https://app.hubspot.com/oauth/authorize"),
    HUBSPOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    // HubSpot allows 110 per rolling 10 s per portal; staying a little under leaves room
    // for calls made outside Portalscope with the same app.
    HUBSPOT_RATE_LIMIT: z.coerce.number().int().min(1).max(110).default(100),
    RESYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    RESYNC_CRON: z.string().trim().min(9).default("*/30 * * * *"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    AUTH_SECRET: z
      .string()
      .trim()
      .min(32, "must be at least 32 random characters (openssl rand -base64 32)")
      .optional(),
    AUTH_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(8),
    AUTH_OIDC_ISSUER: z
      .url({ protocol: /^https?$/, error: "must be the issuer's https URL" })
      .optional(),
    AUTH_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().trim().min(1).optional(),
    AUTH_OIDC_NAME: z.string().trim().min(1).max(60).default("your company account"),
    // Owners are only ever made by another owner or from a shell.
    AUTH_OIDC_DEFAULT_ROLE: z.enum(["none", "viewer", "support", "admin"]).default("none"),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.HUBSPOT_CLIENT_ID) !== Boolean(env.HUBSPOT_CLIENT_SECRET)) {
      const missing = env.HUBSPOT_CLIENT_ID ? "HUBSPOT_CLIENT_SECRET" : "HUBSPOT_CLIENT_ID";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message:
          "is required when the other HubSpot credential is set (set both, or neither for the sandbox)",
      });
    }
    const oidc = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"] as const;
    if (oidc.some((name) => env[name]) && !oidc.every((name) => env[name])) {
      for (const name of oidc.filter((name) => !env[name])) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "is required when OpenID Connect sign-in is configured (set all three, or none)",
        });
      }
    }
  });

export type HubSpotMode = "live" | "sandbox";

export interface AppConfig {
  nodeEnv: "development" | "production" | "test";
  appUrl: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  logLevel: string;
  hubspot: {
    mode: HubSpotMode;
    clientId: string;
    clientSecret: string;
    appId: number | undefined;
    requiredScopes: string[];
    optionalScopes: string[];
    tokenApi: "2026-03" | "v1";
    apiBaseUrl: string;
    authorizeUrl: string;
    redirectUri: string;
    timeoutMs: number;
    rateLimitPerTenSeconds: number;
  };
  resync: { concurrency: number; cron: string };
  /** Resolves the AES-256 key lazily: only code that touches tokens needs it. */
  tokenKey: () => Buffer;
  auth: {
    /** Signs and encrypts session cookies; resolved lazily like the token key. */
    secret: () => string;
    sessionHours: number;
    /** Cookies get the Secure flag (and the __Secure- prefix) when APP_URL is https. */
    secureCookies: boolean;
    oidc: OidcConfig | undefined;
  };
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  /** Role given to someone the provider vouches for who has no operator yet; null admits nobody new. */
  defaultRole: "viewer" | "support" | "admin" | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function parseConfig(source: Env): AppConfig {
  // Empty strings in .env files mean "not set", not "set to nothing".
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "environment"} ${issue.message}`,
      ),
    );
  }

  const env = parsed.data;
  const live = Boolean(env.HUBSPOT_CLIENT_ID);
  const dataDir = path.resolve(env.DATA_DIR);
  let key: Buffer | undefined;
  let authSecret: string | undefined;

  return Object.freeze({
    nodeEnv: env.NODE_ENV,
    appUrl: env.APP_URL,
    port: env.PORT,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    embeddedPgPort: env.EMBEDDED_PG_PORT,
    logLevel: env.LOG_LEVEL,
    hubspot: Object.freeze({
      mode: live ? "live" : "sandbox",
      clientId: env.HUBSPOT_CLIENT_ID ?? SANDBOX_CLIENT_ID,
      clientSecret: env.HUBSPOT_CLIENT_SECRET ?? SANDBOX_CLIENT_SECRET,
      appId: live ? env.HUBSPOT_APP_ID : SANDBOX_APP_ID,
      requiredScopes: env.HUBSPOT_SCOPES,
      optionalScopes: env.HUBSPOT_OPTIONAL_SCOPES,
      tokenApi: env.HUBSPOT_TOKEN_API,
      apiBaseUrl: live
        ? env.HUBSPOT_API_BASE_URL.replace(/\/+$/, "")
        : `${env.APP_URL}/sandbox/api`,
      authorizeUrl: live ? env.HUBSPOT_AUTHORIZE_URL : `${env.APP_URL}/sandbox/oauth/authorize`,
      redirectUri: `${env.APP_URL}/oauth/callback`,
      timeoutMs: env.HUBSPOT_TIMEOUT_MS,
      rateLimitPerTenSeconds: env.HUBSPOT_RATE_LIMIT,
    }),
    resync: Object.freeze({ concurrency: env.RESYNC_CONCURRENCY, cron: env.RESYNC_CRON }),
    tokenKey: () => (key ??= resolveTokenKey(env.TOKEN_ENCRYPTION_KEY, dataDir, env.DATABASE_URL)),
    auth: Object.freeze({
      secret: () =>
        (authSecret ??=
          env.AUTH_SECRET ?? localSecret(AUTH_SECRET_FILE, dataDir, env.DATABASE_URL).value.trim()),
      sessionHours: env.AUTH_SESSION_HOURS,
      secureCookies: env.APP_URL.startsWith("https://"),
      oidc:
        env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET
          ? Object.freeze({
              issuer: env.AUTH_OIDC_ISSUER,
              clientId: env.AUTH_OIDC_CLIENT_ID,
              clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
              name: env.AUTH_OIDC_NAME,
              defaultRole:
                env.AUTH_OIDC_DEFAULT_ROLE === "none" ? null : env.AUTH_OIDC_DEFAULT_ROLE,
            })
          : undefined,
    }),
  } satisfies AppConfig);
}

interface LocalSecretFile {
  name: string;
  variable: string;
  /** What is lost without the file, for the warning printed when it is generated. */
  loss: string;
}

const KEY_FILE: LocalSecretFile = {
  name: "token-encryption.key",
  variable: "TOKEN_ENCRYPTION_KEY",
  loss: "stored tokens are unreadable",
};
const AUTH_SECRET_FILE: LocalSecretFile = {
  name: "auth-secret.key",
  variable: "AUTH_SECRET",
  loss: "every operator is signed out",
};

function resolveTokenKey(fromEnv: string | undefined, dataDir: string, databaseUrl?: string) {
  if (fromEnv) return Buffer.from(fromEnv, "base64");
  const { value, file } = localSecret(KEY_FILE, dataDir, databaseUrl);
  return decodeKeyFile(value, file);
}

/** A secret kept in DATA_DIR for a local first run: read it, or generate it once. */
function localSecret(secret: LocalSecretFile, dataDir: string, databaseUrl?: string) {
  // DATA_DIR is only known at run time: nothing for the build to trace here.
  const file = path.join(/* turbopackIgnore: true */ dataDir, secret.name);
  try {
    return { value: readFileSync(file, "utf8"), file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }

  // A shared database is used by several processes, possibly on several machines: a
  // secret generated here would be unknown to the others.
  if (databaseUrl) {
    throw new ConfigError([
      `${secret.variable} is required when DATABASE_URL is set (openssl rand -base64 32)`,
    ]);
  }

  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
    process.emitWarning(
      `${secret.variable} is not set: generated one at ${file}. Set ${secret.variable} for ` +
        `any shared deployment; without this file, ${secret.loss}.`,
      { code: "PORTALSCOPE_GENERATED_KEY" },
    );
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return { value: readFileSync(file, "utf8"), file };
}

function decodeKeyFile(content: string, file: string) {
  const key = Buffer.from(content.trim(), "base64");
  if (key.length !== 32) throw new ConfigError([`${file} does not hold a 32-byte base64 key`]);
  return key;
}

let cached: AppConfig | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): AppConfig {
  return (cached ??= parseConfig(process.env));
}
