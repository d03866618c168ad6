// Issue 10.4: a duplicate sign-up answered "email taken" and got its rate-limit
// point back, so 40 of 40 probes were answered under a 5-per-hour limit. Now a
// registered and a new address get the same answer, every attempt counts, and
// the owner of a registered address gets a mail in their language instead.
import { describe, expect, it } from "vitest";
import * as signup from "~/routes/signup/route.tsx";
import { prisma } from "~/utils/db.server.ts";
import { LIMITS } from "~/utils/rate-limit.server.ts";
import { callRoute, type RouteResult } from "../helpers/route.ts";
import { createTestUser, freshIp } from "../helpers/users.ts";

let n = 0;
function form(email: string) {
  n += 1;
  return {
    email,
    username: `probe_${Date.now().toString(36)}_${n}`,
    displayName: "探测",
    password: "silk-road-harbour-2024",
    privacyConsent: "on",
  };
}

function probe(email: string, ip: string, path = "/signup") {
  return callRoute(signup.action, { path, form: form(email), headers: { "x-test-ip": ip } });
}

async function mailsTo(email: string) {
  const jobs = await prisma.job.findMany({ where: { kind: "mail" }, orderBy: { createdAt: "asc" } });
  return jobs
    .map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string })
    .filter((m) => m.to === email);
}

/** Everything a client sees of an answer. */
function visible(res: RouteResult) {
  return { status: res.status, headers: [...res.headers.entries()], body: JSON.stringify(res.data) };
}

describe("sign-up does not tell whether an address is registered", () => {
  it("answers a registered and a new address the same: status, headers and body", async () => {
    const existing = await createTestUser();
    const a = await probe(existing.email, freshIp());
    const b = await probe(`new-${Date.now()}@example.cn`, freshIp());
    expect(visible(a)).toEqual(visible(b));
    expect(a.status).toBe(303);
    expect(a.headers.get("location")).toBe("/verify-email?notice=sent");
    expect(a.headers.get("set-cookie")).toBeNull();
    // …and the redirectTo survives the same way for both.
    const withTarget = (email: string) =>
      callRoute(signup.action, {
        path: "/signup",
        form: { ...form(email), redirectTo: "/cases" },
        headers: { "x-test-ip": freshIp() },
      });
    expect(visible(await withTarget(existing.email))).toEqual(
      visible(await withTarget(`new2-${Date.now()}@example.cn`)),
    );
  });

  it("with the limit at 5 an hour, the 6th probe is refused whether the address exists or not", async () => {
    expect(LIMITS.signupIp.points).toBe(5);
    const existing = await createTestUser();
    for (const sixth of [existing.email, `fresh-${Date.now()}@example.cn`]) {
      const ip = freshIp();
      const answers = [];
      for (let i = 0; i < 5; i++) {
        const email = i % 2 === 0 ? existing.email : `p${i}-${Date.now()}@example.cn`;
        answers.push((await probe(email, ip)).status);
      }
      expect(answers).toEqual([303, 303, 303, 303, 303]);
      const refused = await probe(sixth, ip);
      expect(refused.status, sixth).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("mails the owner of a registered address in their language, creates nothing, and does so at most once an hour", async () => {
    const owner = await createTestUser({ locale: "en" });
    const before = await prisma.user.count();
    await probe(owner.email.toUpperCase(), freshIp());
    expect(await prisma.user.count()).toBe(before);
    const mails = await mailsTo(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Someone tried to sign up with your email address");
    expect(mails[0]!.text).toContain(owner.username);
    expect(mails[0]!.text).toContain("/forgot-password");
    await probe(owner.email, freshIp());
    expect(await mailsTo(owner.email)).toHaveLength(1);

    const zh = await createTestUser();
    await probe(zh.email, freshIp());
    expect((await mailsTo(zh.email))[0]!.subject).toBe("有人尝试用您的邮箱地址注册");
  });

  it("a new address gets its account and the verification mail", async () => {
    const email = `brand-new-${Date.now()}@example.cn`;
    await probe(email, freshIp(), "/signup?lang=en");
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect((await mailsTo(email))[0]!.subject).toBe("Confirm your email address");
  });
});
