// Creates a ministry user on the benchmark's database and prints their session
// cookie ("name=value") on the last line (tests/bench/lib/insights.ts).
import crypto from "node:crypto";
import { createUser } from "../../../app/models/user.server.ts";
import { startSession } from "../../../app/auth/session.server.ts";
import { dbReady } from "../../../app/utils/db.server.ts";

await dbReady();
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
