// Run before the server starts (npm start, npm run dev): applies committed
// migrations, loads the initial topic list when it is empty and, when the
// database has no bases yet and DEMO_DATA is on, the demo content. Safe to run
// on every start.
import { execFileSync } from "node:child_process";

execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: ["ignore", "inherit", "inherit"] });
const { seedTopicsIfEmpty } = await import("../prisma/topics.ts");
await seedTopicsIfEmpty();
const { seedIfEmpty } = await import("../prisma/seed.ts");
await seedIfEmpty();
