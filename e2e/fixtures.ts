import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

import {
  test as base,
  expect,
  type ConsoleMessage,
  type Request,
  type Response,
} from "@playwright/test";

import { storageStateOf } from "./operators";
import { responseLogOf, serverOf } from "./servers";

/**
 * `test` for every spec: the same as Playwright's, plus a recorder that keeps what the
 * browser received from Portalscope (HTML, RSC payloads, JSON, text, and headers) in
 * test-results, for secrets.teardown.ts to search for tokens, passwords and codes once the
 * suite is done. The sandbox's own answers are left out: they play HubSpot, which hands
 * codes to the browser by design. Authorization codes seen in callback URLs are recorded
 * as secrets to look for. A Content-Security-Policy violation on any page fails the test.
 * Tests run signed in as the owner unless they say otherwise.
 */

/** A browser with no session: test.use({ storageState: ANONYMOUS }). */
export const ANONYMOUS = { cookies: [], origins: [] };

export const test = base.extend<{ recordResponses: void }>({
  storageState: async ({}, provide, testInfo) => provide(storageStateOf(testInfo, "owner")),
  recordResponses: [
    async ({ context }, provide, testInfo) => {
      const file = responseLogOf(serverOf(testInfo));
      mkdirSync(path.dirname(file), { recursive: true });
      const pending: Promise<void>[] = [];

      // Every page the suite opens must also work under the Content-Security-Policy.
      const violations: string[] = [];
      const onConsole = (message: ConsoleMessage) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      };
      const onResponse = (response: Response) => void pending.push(recordResponse(file, response));
      const onRequest = (request: Request) => recordCode(file, request.url());
      context.on("response", onResponse);
      context.on("request", onRequest);
      context.on("console", onConsole);
      await provide();
      context.off("response", onResponse);
      context.off("request", onRequest);
      context.off("console", onConsole);
      await Promise.allSettled(pending);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

const RECORDED_TYPES = /text\/html|text\/x-component|application\/json|text\/plain/;

export interface RecordedResponse {
  kind: "response";
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RecordedCode {
  kind: "code";
  value: string;
}

async function recordResponse(file: string, response: Response) {
  const url = new URL(response.url());
  if (url.pathname.startsWith("/sandbox/") || url.pathname.startsWith("/_next/static/")) return;
  const headers = await response.allHeaders().catch(() => ({}) as Record<string, string>);
  const type = headers["content-type"] ?? "";
  // Bodies of redirects and of pages the browser already left can't be read; headers can.
  const body = RECORDED_TYPES.test(type) ? await response.text().catch(() => "") : "";
  recordAnswer(file, { url: response.url(), status: response.status(), headers, body });
}

/** Records an answer that didn't come through a browser page (APIRequestContext calls). */
export function recordAnswer(file: string, answer: Omit<RecordedResponse, "kind">) {
  const { "set-cookie": _cookies, ...headers } = answer.headers;
  const entry: RecordedResponse = { kind: "response", ...answer, headers };
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

function recordCode(file: string, url: string) {
  const parsed = new URL(url);
  const code = parsed.pathname === "/oauth/callback" ? parsed.searchParams.get("code") : null;
  if (code)
    appendFileSync(
      file,
      `${JSON.stringify({ kind: "code", value: code } satisfies RecordedCode)}\n`,
    );
}
