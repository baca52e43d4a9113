import { existsSync, readFileSync } from "node:fs";

import pg from "pg";

import { parseConfig } from "../lib/config";
import { decryptToken, tokenContext } from "../lib/token-crypto";
import { ANONYMOUS, expect, test } from "./fixtures";
import type { RecordedCode, RecordedResponse } from "./fixtures";
import { OPERATORS, WRONG_PASSWORDS } from "./operators";
import {
  authSecretOf,
  databaseUrlOf,
  responseLogOf,
  SERVER_LOG,
  serverOf,
  tokenKeyOf,
  type ServerInfo,
} from "./servers";

/**
 * Runs after every spec of its server: no token, client secret, password, password hash
 * or authorization code may appear in anything the browser received from Portalscope
 * (HTML, RSC payloads, JSON, headers) or in any line the server logged.
 */

test.use({ storageState: ANONYMOUS });

interface Secret {
  label: string;
  value: string;
}

test("no token, client secret, password, password hash or code reached a page, an answer or a log", async ({}, testInfo) => {
  const info = serverOf(testInfo);
  const recorded = readJsonLines(responseLogOf(info));
  const responses = recorded.filter(
    (entry): entry is RecordedResponse => entry.kind === "response",
  );
  const codes = recorded.filter((entry): entry is RecordedCode => entry.kind === "code");
  const logLines = existsSync(SERVER_LOG)
    ? readFileSync(SERVER_LOG, "utf8")
        .split("\n")
        // Playwright colours the server-name prefix.
        .map((line) => line.replace(/\x1b\[[0-9;]*m/g, ""))
        .filter((line) => line.startsWith(`[${info.server}]`))
    : [];

  const secrets = [
    ...(await storedSecrets(info)),
    ...knownSecrets(),
    { label: "session secret", value: authSecretOf(info) },
    { label: "token encryption key", value: tokenKeyOf(info).toString("base64") },
    ...codes.map(({ value }) => ({ label: "authorization code", value })),
  ];

  // Guards against a check that looks at nothing: the suite signed in, installed portals
  // and the server logged; were any of these missing, an empty search would prove nothing.
  expect(responses.length).toBeGreaterThan(100);
  expect(logLines.length).toBeGreaterThan(0);
  expect(codes.length).toBeGreaterThan(0);
  expect(secrets.filter(({ label }) => label === "password hash").length).toBeGreaterThanOrEqual(5);
  expect(secrets.filter(({ label }) => label.endsWith("token")).length).toBeGreaterThanOrEqual(2);

  const leaks: string[] = [];
  for (const secret of secrets) {
    const forms = variants(secret.value);
    for (const response of responses) {
      const text = `${JSON.stringify(response.headers)}\n${response.body}`;
      if (forms.some((form) => text.includes(form)))
        leaks.push(`${secret.label} in ${response.status} ${response.url}`);
    }
    const line = logLines.findIndex((entry) => forms.some((form) => entry.includes(form)));
    if (line >= 0) leaks.push(`${secret.label} in server log line ${line + 1}`);
  }
  expect(leaks).toEqual([]);
});

/** Secrets as they are stored: operators' hashes, and every installation's tokens. */
async function storedSecrets(info: ServerInfo): Promise<Secret[]> {
  const client = new pg.Client({ connectionString: databaseUrlOf(info) });
  await client.connect();
  try {
    const hashes = await client.query<{ password_hash: string }>(
      "SELECT password_hash FROM operator WHERE password_hash IS NOT NULL",
    );
    const tokens = await client.query<{
      hub_id: number;
      access_token_enc: string;
      refresh_token_enc: string;
    }>("SELECT hub_id, access_token_enc, refresh_token_enc FROM installation");
    const key = tokenKeyOf(info);
    return [
      ...hashes.rows.map(({ password_hash }) => ({ label: "password hash", value: password_hash })),
      ...tokens.rows.flatMap((row) => [
        {
          label: "access token",
          value: decryptToken(row.access_token_enc, key, tokenContext(row.hub_id)),
        },
        {
          label: "refresh token",
          value: decryptToken(row.refresh_token_enc, key, tokenContext(row.hub_id)),
        },
        { label: "encrypted token", value: row.access_token_enc },
        { label: "encrypted token", value: row.refresh_token_enc },
      ]),
    ];
  } finally {
    await client.end();
  }
}

function knownSecrets(): Secret[] {
  // The sandbox's client secret, as the servers under test use it.
  const { clientSecret } = parseConfig({}).hubspot;
  return [
    { label: "client secret", value: clientSecret },
    ...Object.values(OPERATORS).map(({ password }) => ({ label: "password", value: password })),
    ...WRONG_PASSWORDS.map((value) => ({ label: "password tried", value })),
  ];
}

/** The forms a value takes in a URL, JSON or HTML. */
function variants(value: string) {
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])];
}

function readJsonLines(file: string): Array<RecordedResponse | RecordedCode> {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedResponse | RecordedCode);
}
