// No acknowledged write is ever lost (issue 10 point 11): a real server process
// is killed with SIGKILL while members' autosaves are in flight, again and
// again; every save it acknowledged is in the database afterwards. The normal
// suite runs 2 cycles; `npm run test:crash` runs CRASH_CYCLES=12.
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { findInChunks } from "~/utils/chunked.ts";
import { createTestBase } from "../helpers/bases.ts";
import { startServerChild } from "../helpers/server-child.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const CYCLES = Number(process.env.CRASH_CYCLES ?? 2);

describe("kill -9 during acknowledged writes", () => {
  it(`keeps every acknowledged write across ${CYCLES} crashes`, { timeout: 60_000 + CYCLES * 40_000 }, async () => {
    const base = await createTestBase();
    const members = await Promise.all(
      [0, 1, 2].map(async () => {
        const u = await createTestUser();
        await prisma.user.update({ where: { id: u.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
        return cookieFor(u.id);
      }),
    );
    const acknowledged = new Map<string, string>(); // caseId → title
    let attempted = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await startServerChild();
      let killed = false;
      let firstAck!: () => void;
      const acked = new Promise<void>((resolve) => (firstAck = resolve));
      const writer = async (cookie: string, lane: number) => {
        for (let i = 0; !killed; i++) {
          const title = `crash ${cycle}-${lane}-${i}`;
          const body = new URLSearchParams({ title, summary: "s", clientKey: crypto.randomUUID(), version: "0" });
          attempted += 1;
          try {
            const res = await fetch(`${server.origin}/resources/case-drafts`, {
              method: "POST",
              headers: {
                cookie,
                origin: server.origin,
                "content-type": "application/x-www-form-urlencoded",
              },
              body,
            });
            if (res.status !== 200) {
              if (!killed) throw new Error(`autosave answered ${res.status}: ${await res.text()}`);
              continue;
            }
            const { caseId } = (await res.json()) as { caseId: string };
            acknowledged.set(caseId, title);
            firstAck();
          } catch (error) {
            if (!killed) throw error;
          }
        }
      };
      const lanes = members.map((cookie, lane) => writer(cookie, lane));
      // Kill at a random moment once writes are being acknowledged (the first request may compile routes).
      await acked;
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      killed = true;
      server.child.kill("SIGKILL");
      await server.exited;
      await Promise.all(lanes);
    }

    expect(acknowledged.size).toBeGreaterThan(CYCLES * 3);
    const stored = await findInChunks([...acknowledged.keys()], (ids) =>
      prisma.caseStudy.findMany({ where: { id: { in: ids } }, select: { id: true, draft: true } }),
    );
    const titles = new Map(stored.map((c) => [c.id, (JSON.parse(c.draft ?? "{}") as { title?: string }).title]));
    const lost = [...acknowledged].filter(([id, title]) => titles.get(id) !== title);
    expect(lost, `${lost.length} of ${acknowledged.size} acknowledged writes lost (${attempted} attempted)`).toEqual(
      [],
    );
  });
});
