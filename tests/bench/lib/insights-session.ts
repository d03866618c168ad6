// Creates a ministry user on the benchmark's database and prints their session
// cookie ("name=value") on the last line (tests/bench/lib/insights.ts). First it
// rolls up the generated adoptions' past days, as the `insights.rollup` job does
// on a running deployment (ADR 053): the data was written straight into the file.
import crypto from "node:crypto";
import { createUser } from "../../../app/models/user.server.ts";
import { startSession } from "../../../app/auth/session.server.ts";
import { dbReady } from "../../../app/utils/db.server.ts";
import { rollUpAdoptionDays } from "../../../app/models/insights-rollup.server.ts";

await dbReady();
const started = Date.now();
const days = await rollUpAdoptionDays();
console.error(
  `[bench] insights: rolled up ${days} days of adoptions in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
const username = `bench_ministry_${crypto.randomBytes(3).toString("hex")}`;
const { id } = await createUser({
  username,
  email: `${username}@example.test`,
  displayName: "看板基准",
  password: crypto.randomBytes(18).toString("base64url"),
  role: "ministry",
  emailVerified: true,
});
const setCookie = await startSession(id, { secure: false });
process.stdout.write(`${/^[^;]+/.exec(setCookie)![0]}\n`);
process.exit(0);
