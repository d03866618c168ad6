// A stand-in for one server process's digest pass, for
// tests/integration/notification-mail.test.ts. Prints "ready" once loaded, waits
// for "go" on stdin (so two processes race from the same moment), runs
// runNotificationDigests once and prints "queued <n>".
import readline from "node:readline";
import { dbReady, prisma } from "~/utils/db.server.ts";
import { runNotificationDigests } from "~/jobs/notification-mail.server.ts";

await dbReady();
const rl = readline.createInterface({ input: process.stdin });
process.stdout.write("ready\n");
await new Promise<void>((resolve) => rl.once("line", () => resolve()));
rl.close();
const { queued } = await runNotificationDigests({ batch: 500 });
process.stdout.write(`queued ${queued}\n`);
await prisma.$disconnect();
