// The header's bell (unread notifications) on every member page: read with the session in the
// request's one session statement, not by a statement of its own (issue 15.1), on either database.
import { describe, expect, it } from "vitest";
import * as root from "~/root.tsx";
import { authenticate } from "~/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { watchStatements } from "../helpers/statements.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const BELL_OF_ITS_OWN = /FROM "?Notification"? WHERE "?userId"? = /i;

async function header(cookie: string) {
  const watched = await watchStatements(() => callRoute(root.loader, { path: "/", cookie }));
  return { user: watched.result.data.user, sql: watched.rows.map((r) => r.sql) };
}

describe("the header's unread notifications", () => {
  it("come with the session: the count is right and no statement counts them on its own", async () => {
    const member = await createTestUser();
    const other = await createTestUser();
    const cookie = await cookieFor(member.id);
    const note = (userId: string, readAt: Date | null = null) =>
      prisma.notification.create({ data: { userId, type: "reply", data: "{}", readAt } });

    let seen = await header(cookie);
    expect(seen.user.unread).toBe(0);
    expect(seen.sql.some((s) => BELL_OF_ITS_OWN.test(s))).toBe(false);

    await note(member.id);
    const second = await note(member.id);
    await note(member.id, new Date());
    await note(other.id);
    seen = await header(cookie);
    expect(seen.user.unread).toBe(2);
    expect(seen.sql.some((s) => BELL_OF_ITS_OWN.test(s))).toBe(false);

    await prisma.notification.update({ where: { id: second.id }, data: { readAt: new Date() } });
    expect((await header(cookie)).user.unread).toBe(1);
    expect((await authenticate(cookie, { secure: false })).user?.unreadNotifications).toBe(1);
  });
});
