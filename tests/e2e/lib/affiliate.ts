// Gives a member a verified affiliation with a base, through the affiliation model
// (request, then approval by the first administrator), for browser tests that need
// a verified member of a particular base without going through the review queue.
//
//   node --import tsx tests/e2e/lib/affiliate.ts USERNAME BASE_SLUG
import { approveAffiliation, requestAffiliation } from "../../../app/models/affiliation.server.ts";
import { dbReady, prisma } from "../../../app/utils/db.server.ts";

const [username, baseSlug] = process.argv.slice(2);
await dbReady();
const user = await prisma.user.findUniqueOrThrow({ where: { username: username! }, select: { id: true } });
const admin = await prisma.user.findFirstOrThrow({ where: { role: "admin" }, select: { id: true } });
const request = await requestAffiliation(user.id, { baseSlug: baseSlug!, message: "tests/e2e/lib/affiliate.ts" });
if (!request.ok) throw new Error(`affiliation request failed: ${request.error}`);
const approved = await approveAffiliation({ id: admin.id }, request.id, { note: "e2e" });
if (!approved.ok) throw new Error(`approval failed: ${approved.error}`);
await prisma.$disconnect();
