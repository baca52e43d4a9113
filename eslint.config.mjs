import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

// eslint-config-next 16 exports flat-config arrays: no FlatCompat needed.
export default defineConfig([
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    rules: {
      // `const { secret: _secret, ...rest } = x` is how we drop a field; a leading _ says so.
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  globalIgnores([
    "lib/generated/**",
    ".next/**",
    ".portalscope/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
]);
