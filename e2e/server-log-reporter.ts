import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

import type { Reporter, TestCase } from "@playwright/test/reporter";

import { SERVER_LOG } from "./servers";

/**
 * Keeps every line the webServers print (Playwright passes their output to reporters,
 * each line prefixed with the server's name) in test-results/e2e-server.log, so that
 * secrets.teardown.ts can check the app's logs for secrets while the suite still runs.
 * Output of the tests themselves is left out.
 */
export default class ServerLogReporter implements Reporter {
  constructor() {
    mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
  }

  onStdOut(chunk: string | Buffer, test?: TestCase) {
    if (!test) this.keep(chunk);
  }

  onStdErr(chunk: string | Buffer, test?: TestCase) {
    if (!test) this.keep(chunk);
  }

  printsToStdio() {
    return false;
  }

  private keep(chunk: string | Buffer) {
    mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
    appendFileSync(SERVER_LOG, chunk.toString());
  }
}
