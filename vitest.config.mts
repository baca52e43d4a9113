import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      // Next resolves "server-only" to an empty module for server code; tests are server code.
      { find: /^server-only$/, replacement: path.join(root, "test/server-only-stub.ts") },
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "test/**/*.test.ts"],
    // Test files share one database (see test/global-setup.ts): run them one at a time.
    fileParallelism: false,
    // bcrypt at cost 12 and real PostgreSQL make some tests slow on two busy cores.
    testTimeout: 20_000,
    hookTimeout: 120_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
