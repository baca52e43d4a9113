import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";

import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("logger redaction", () => {
  it("removes tokens, codes, secrets and passwords wherever they sit", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        access_token: "AT-secret-1",
        refresh_token: "RT-secret-2",
        code: "na1-code-3",
        client_secret: "CS-secret-4",
        nested: { token: "T-secret-5", password: "P-secret-6" },
        request: { headers: { authorization: "Bearer AT-secret-7" } },
        hubId: 21000001,
      },
      "install",
    );
    const line = lines.join("");
    for (const secret of [
      "AT-secret-1",
      "RT-secret-2",
      "na1-code-3",
      "CS-secret-4",
      "T-secret-5",
      "P-secret-6",
      "AT-secret-7",
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("21000001");
    expect(line).toContain("[redacted]");
  });
});
