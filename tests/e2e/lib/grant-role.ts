// Gives a member a role through the admin model (setRole by the first
// administrator, audit-logged), for browser tests that need e.g. a ministry user.
//
//   node --import tsx tests/e2e/lib/grant-role.ts USERNAME ROLE
import { isRole } from "../../../app/auth/permissions.ts";
import { setRole } from "../../../app/models/user-admin.server.ts";
import { dbReady, prisma } from "../../../app/utils/db.server.ts";

const [username, role] = process.argv.slice(2);
if (!isRole(role)) throw new Error(`unknown role ${role}`);
await dbReady();
const user = await prisma.user.findUniqueOrThrow({ where: { username: username! }, select: { id: true } });
const admin = await prisma.user.findFirstOrThrow({ where: { role: "admin" }, select: { id: true, role: true } });
const result = await setRole(admin, user.id, role, "tests/e2e/lib/grant-role.ts");
if (!result.ok) throw new Error(`setRole failed: ${JSON.stringify(result)}`);
await prisma.$disconnect();
