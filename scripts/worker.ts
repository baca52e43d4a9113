import { ConfigError, getConfig } from "../lib/config";
import { getBoss } from "../lib/jobs";
import { logger } from "../lib/logger";
import { startWorker } from "../lib/worker";

async function main() {
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await startWorker();

  const stop = async (signal: string) => {
    logger.info({ signal }, "worker stopping");
    const boss = await getBoss();
    await boss.stop({ graceful: true, timeout: 10_000 });
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  logger.fatal({ err: error }, "worker failed to start");
  process.exit(1);
});
