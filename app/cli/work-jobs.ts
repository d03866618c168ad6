// `npm run jobs:work`: runs a job worker on its own (for deployments that set
// JOBS_IN_PROCESS=false, or to drain a backlog). Any number of workers and
// server processes can share one database: claims are leased, so each job runs
// once. Stops cleanly on SIGINT/SIGTERM, finishing the job in hand.
import { dbReady, prisma } from "../utils/db.server.ts";
import { logger } from "../utils/logger.server.ts";
import { startJobWorker } from "../jobs/worker.server.ts";

await dbReady();
const stop = startJobWorker({ intervalMs: 1000 });
logger.info("job worker running; press Ctrl+C to stop");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping job worker");
  try {
    await stop();
  } finally {
    await prisma.$disconnect();
    process.exit(0);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
