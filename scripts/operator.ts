// `npm run operator -- <command>`: manages operators from a shell on the server, as its
// own user with an owner's rights; every change is in the audit log as "shell:<user>".
//
//   create --email <email> --role <viewer|support|admin|owner> [--name <name>]
//   list
//   disable --email <email>
//   enable --email <email>
//   reset-password --email <email>
//
// Passwords are never taken from the command line (other users can see it in `ps`): they
// are asked for twice on a terminal, or read from the first line of standard input.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

import { runAsShell } from "../lib/auth/guard";
import {
  createOperator,
  disableOperator,
  enableOperator,
  findOperatorIdByEmail,
  listOperators,
  OperatorChangeError,
  resetOperatorPassword,
} from "../lib/auth/operators";
import { passwordSchema } from "../lib/auth/passwords";
import { ROLES, roleSchema } from "../lib/auth/roles";
import { ConfigError, parseConfig } from "../lib/config";
import { getDb } from "../lib/db";
import { EMBEDDED_DATABASE } from "../lib/embedded-postgres";

const USAGE = `Usage: npm run operator -- <command> [options]

  create --email <email> --role <${ROLES.join("|")}> [--name <name>]
  list
  disable --email <email>
  enable --email <email>
  reset-password --email <email>

Passwords are asked for on the terminal, or read from the first line of standard input.`;

class UsageError extends Error {}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
  });
  const [command] = positionals;
  pointAtEmbeddedDatabaseIfRunning();

  switch (command) {
    case "list": {
      const operators = await listOperators();
      if (operators.length === 0) console.log("No operators yet.");
      for (const op of operators) {
        const status = op.disabled ? "disabled" : "active";
        console.log(
          [op.email, op.role, status, op.name, op.lastSignInAt ?? "never signed in"].join("\t"),
        );
      }
      return;
    }
    case "create": {
      const role = roleSchema.safeParse(values.role);
      if (!values.email || !role.success) throw new UsageError("create needs --email and --role.");
      const password = await readNewPassword();
      await createOperator({
        email: values.email,
        name: values.name ?? "",
        role: role.data,
        password,
      });
      console.log(`Created ${values.email.trim().toLowerCase()} (${role.data}).`);
      return;
    }
    case "disable":
    case "enable": {
      if (!values.email) throw new UsageError(`${command} needs --email.`);
      const id = await findOperatorIdByEmail(values.email);
      await (command === "disable" ? disableOperator(id) : enableOperator(id));
      console.log(command === "disable" ? "Disabled; their sessions have ended." : "Enabled.");
      return;
    }
    case "reset-password": {
      if (!values.email) throw new UsageError("reset-password needs --email.");
      const id = await findOperatorIdByEmail(values.email);
      await resetOperatorPassword(id, await readNewPassword());
      console.log("Password changed; their sessions have ended and any sign-in lock is lifted.");
      return;
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".` : "Name a command.");
  }
}

/**
 * `npm start` without DATABASE_URL runs a private PostgreSQL whose password sits in
 * DATA_DIR (see lib/embedded-postgres.ts): use it, so the command works on that machine too.
 */
function pointAtEmbeddedDatabaseIfRunning() {
  // Parsed without caching: getConfig() must first run once DATABASE_URL is settled.
  const config = parseConfig(process.env);
  if (config.databaseUrl) return;
  const passwordFile = path.join(config.dataDir, "postgres.password");
  if (!existsSync(passwordFile)) {
    throw new UsageError("DATABASE_URL is not set and there is no embedded database in DATA_DIR.");
  }
  const password = encodeURIComponent(readFileSync(passwordFile, "utf8").trim());
  const url = `postgresql://postgres:${password}@127.0.0.1:${config.embeddedPgPort}/${EMBEDDED_DATABASE}`;
  process.env.DATABASE_URL = url;
}

async function readNewPassword() {
  if (!process.stdin.isTTY) {
    const [line = ""] = readFileSync(0, "utf8").split(/\r?\n/);
    return checked(line);
  }
  const first = await ask("New password: ");
  const second = await ask("The same password again: ");
  if (first !== second) throw new UsageError("The two passwords differ.");
  return checked(first);
}

function checked(password: string) {
  const result = passwordSchema.safeParse(password);
  if (!result.success) throw new UsageError(result.error.issues[0]?.message ?? "Bad password.");
  return result.data;
}

/** Reads a line from the terminal without echoing it. */
function ask(prompt: string) {
  return new Promise<string>((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stdout.write(prompt);
    output._writeToOutput = () => {};
    rl.question("", (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

runAsShell(() => main(process.argv.slice(2))).then(
  async () => {
    await getDb().$disconnect();
    process.exit(0);
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof OperatorChangeError) {
      console.error(error.message);
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
    } else if (error instanceof ConfigError) {
      console.error("Configuration problems:");
      for (const problem of error.problems) console.error(`  - ${problem}`);
    } else {
      console.error(`Failed: ${(error as Error).message}`);
    }
    process.exit(1);
  },
);
