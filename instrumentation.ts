/**
 * Runs once when the server starts. If no operator exists yet it prints the one-time
 * setup token for /setup to the log (see lib/auth/setup.ts).
 */
export async function register() {
  // Next.js's documented way to tell its Node.js server from the edge runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const { announceSetupToken } = await import("./lib/auth/setup");
  const { logger } = await import("./lib/logger");
  try {
    await announceSetupToken();
  } catch (error) {
    // /setup prints a token itself when it finds none, so a database that is not ready
    // yet at start-up costs nothing.
    logger.warn({ err: error }, "could not check for operators at start-up");
  }
}
