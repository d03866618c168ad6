// A stand-in for one server process's job worker, for tests/integration/jobs.test.ts.
// Prints "ready" once loaded, waits for "go" on stdin (so two processes start
// racing at the same moment), runs runDueJobs in a loop until no job is queued
// or running, then prints one "ran <jobId>" line per job it ran and exits.
import readline from "node:readline";
import { dbReady, prisma } from "~/utils/db.server.ts";
import { runDueJobs, workerId } from "~/jobs/worker.server.ts";
import { handlers } from "~/jobs/handlers.server.ts";

await dbReady();
const owner = workerId();
const ran: string[] = [];
// Record what this process ran, then hand over to the real handler.
const mail = handlers.mail!;
handlers.mail = async (payload, job) => {
  await mail(payload, job);
  ran.push((payload as { messageId: string }).messageId);
};

const rl = readline.createInterface({ input: process.stdin });
process.stdout.write("ready\n");
await new Promise<void>((resolve) => rl.once("line", () => resolve()));
rl.close();

const deadline = Date.now() + 60_000;
while (Date.now() < deadline) {
  const n = await runDueJobs(owner, Number(process.env.JOB_BATCH ?? 2));
  if (n === 0) {
    const left = await prisma.job.count({ where: { status: { in: ["queued", "running"] } } });
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
}
for (const id of ran) process.stdout.write(`ran ${id}\n`);
await prisma.$disconnect();
