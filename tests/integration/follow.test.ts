// Following topics, bases and case discussions through /resources/follow, the
// follow state on topic and base pages, and /feed: new cases from followed topics
// and bases plus active followed discussions, newest first, cursor-paginated.
import { createElement as h, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createRemixStub } from "@remix-run/testing";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as settingsRoute from "~/routes/settings/route.tsx";
import * as unsubscribeRoute from "~/routes/unsubscribe/route.tsx";
import { i18nFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { signToken } from "~/utils/secret.server.ts";
import { UNSUBSCRIBE_PURPOSE } from "~/jobs/notification-mail.server.ts";
import * as followRoute from "~/routes/resources.follow/route.tsx";
import * as feedRoute from "~/routes/feed/route.tsx";
import * as topicPage from "~/routes/topics.$slug/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import { loadFeed } from "~/routes/feed/feed.server.ts";
import { createDraft, publishCase, setCaseHidden } from "~/models/case.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { dbReady, prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const HOUR = 3600_000;
const T0 = Date.now();

let admin: { id: string };
let adminActor: { id: string; role: "admin"; baseId: null; baseVerified: boolean; emailVerified: boolean };

async function publish(title: string, baseId: string, topics: string[], at: Date) {
  const content = { ...emptyContent(), title, summary: `${title} summary`, baseId, topics };
  const draft = await createDraft(admin.id, `key-${title}`, content);
  await publishCase(draft.id, adminActor, content, { expectedVersion: draft.draftVersion, now: at });
  return prisma.caseStudy.findUniqueOrThrow({ where: { id: draft.id }, select: { id: true, slug: true } });
}

async function comment(caseId: string, authorId: string, at: Date, text = "A comment") {
  await prisma.comment.create({ data: { caseId, authorId, body: "{}", bodyText: text, createdAt: at } });
}

let feedMemberId = "";
let topic: { id: string; slug: string };
let otherTopic: { id: string; slug: string };
let base: { id: string; slug: string };
let otherBase: { id: string; slug: string };

beforeAll(async () => {
  await dbReady();
  const a = await createTestUser({ role: "admin" });
  admin = { id: a.id };
  adminActor = { id: a.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true };
  await upsertTopics([
    { slug: "follow-branding", nameZh: "品牌建设", nameEn: "Branding" },
    { slug: "follow-logistics", nameZh: "物流", nameEn: "Logistics" },
  ]);
  topic = await prisma.topic.findUniqueOrThrow({
    where: { slug: "follow-branding" },
    select: { id: true, slug: true },
  });
  otherTopic = await prisma.topic.findUniqueOrThrow({
    where: { slug: "follow-logistics" },
    select: { id: true, slug: true },
  });
  base = await createTestBase();
  otherBase = await createTestBase();
});

describe("follow and unfollow", () => {
  it("is idempotent, redirects back without JS, answers data to the fetcher", async () => {
    const member = await createTestUser();
    const cookie = await cookieFor(member.id);
    const form = { targetType: "topic", targetId: topic.id, intent: "follow", redirectTo: `/topics/${topic.slug}` };

    const first = await callRoute(followRoute.action, { path: "/resources/follow", cookie, form });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/topics/${topic.slug}`);
    const again = await callRoute(followRoute.action, {
      path: "/resources/follow",
      cookie,
      form: { ...form, _fetcher: "1" },
    });
    expect(again.status).toBe(200);
    expect(again.data).toEqual({ ok: true, error: null, following: true });
    expect(await prisma.subscription.count({ where: { userId: member.id } })).toBe(1);

    // The topic page shows the state.
    const page = await callRoute(topicPage.loader, {
      path: `/topics/${topic.slug}`,
      params: { slug: topic.slug },
      cookie,
    });
    expect(page.data.follow).toEqual({ following: true, signedIn: true });

    // Redirects only to same-site paths.
    const offsite = await callRoute(followRoute.action, {
      path: "/resources/follow",
      cookie,
      form: { ...form, redirectTo: "//evil.example/x" },
    });
    expect(offsite.headers.get("location")).toBe("/feed");

    for (let i = 0; i < 2; i++) {
      const off = await callRoute(followRoute.action, {
        path: "/resources/follow",
        cookie,
        form: { ...form, intent: "unfollow", _fetcher: "1" },
      });
      expect(off.data).toEqual({ ok: true, error: null, following: false });
    }
    expect(await prisma.subscription.count({ where: { userId: member.id } })).toBe(0);
    const after = await callRoute(topicPage.loader, {
      path: `/topics/${topic.slug}`,
      params: { slug: topic.slug },
      cookie,
    });
    expect(after.data.follow.following).toBe(false);
  });

  it("follows bases and visible cases only, and refuses unknown targets", async () => {
    const member = await createTestUser();
    const cookie = await cookieFor(member.id);
    const post = (f: Record<string, string>) =>
      callRoute(followRoute.action, {
        path: "/resources/follow",
        cookie,
        form: { intent: "follow", _fetcher: "1", ...f },
      });

    expect((await post({ targetType: "base", targetId: base.id })).status).toBe(200);
    const basePageData = await callRoute(basePage.loader, {
      path: `/bases/${base.slug}`,
      params: { slug: base.slug },
      cookie,
    });
    expect(basePageData.data.viewer.following).toBe(true);

    const hidden = await publish("Hidden case", otherBase.id, [otherTopic.slug], new Date(T0 - 50 * HOUR));
    await setCaseHidden(hidden.id, { id: admin.id, role: "admin" }, true, "test");
    expect((await post({ targetType: "case", targetId: hidden.id })).status).toBe(404);
    expect((await post({ targetType: "topic", targetId: "no-such-topic" })).status).toBe(404);
    expect((await post({ targetType: "user", targetId: member.id })).status).toBe(400);
    expect(await prisma.subscription.count({ where: { userId: member.id } })).toBe(1);
  });

  it("sends visitors to log in and back", async () => {
    const anon = await callRoute(followRoute.action, {
      path: "/resources/follow",
      form: { targetType: "topic", targetId: topic.id, intent: "follow", redirectTo: `/topics/${topic.slug}` },
    });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/topics/${topic.slug}`)}`);
    const page = await callRoute(topicPage.loader, { path: `/topics/${topic.slug}`, params: { slug: topic.slug } });
    expect(page.data.follow).toEqual({ following: false, signedIn: false });
  });
});

describe("/feed", () => {
  it("redirects visitors to log in", async () => {
    const res = await callRoute(feedRoute.loader, { path: "/feed" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Ffeed");
  });

  it("explains how to follow when empty", async () => {
    const member = await createTestUser();
    const res = await callRoute(feedRoute.loader, { path: "/feed", cookie: await cookieFor(member.id) });
    expect(res.status).toBe(200);
    expect(res.data.items).toEqual([]);
    expect(res.data.following).toEqual({ topics: [], bases: [], cases: 0 });
  });

  it("shows new cases from followed topics and bases and active followed discussions, newest first, paginated", async () => {
    const member = await createTestUser({ locale: "en" });
    feedMemberId = member.id;
    const other = await createTestUser();
    const cookie = await cookieFor(member.id);
    const inTopic = await publish("In followed topic", otherBase.id, [topic.slug], new Date(T0 - 5 * HOUR));
    const inBase = await publish("In followed base", base.id, [otherTopic.slug], new Date(T0 - 3 * HOUR));
    const unrelated = await publish("Unrelated", otherBase.id, [otherTopic.slug], new Date(T0 - 2 * HOUR));
    const hiddenInTopic = await publish("Hidden in topic", otherBase.id, [topic.slug], new Date(T0 - 2 * HOUR));
    await setCaseHidden(hiddenInTopic.id, { id: admin.id, role: "admin" }, true, "test");
    const discussed = await publish("Discussed", otherBase.id, [otherTopic.slug], new Date(T0 - 100 * HOUR));
    const quiet = await publish("Quiet", otherBase.id, [otherTopic.slug], new Date(T0 - 100 * HOUR));
    const ownOnly = await publish("Only my comments", otherBase.id, [otherTopic.slug], new Date(T0 - 100 * HOUR));
    await comment(discussed.id, other.id, new Date(T0 - 4 * HOUR));
    await comment(discussed.id, other.id, new Date(T0 - 1 * HOUR), "newest");
    await comment(quiet.id, other.id, new Date(T0 - 60 * 24 * HOUR)); // too old to be "active"
    await comment(ownOnly.id, member.id, new Date(T0 - 1 * HOUR));

    for (const [targetType, targetId] of [
      ["topic", topic.id],
      ["base", base.id],
      ["case", discussed.id],
      ["case", quiet.id],
      ["case", ownOnly.id],
    ]) {
      const r = await callRoute(followRoute.action, {
        path: "/resources/follow",
        cookie,
        form: { targetType: targetType!, targetId: targetId!, intent: "follow", _fetcher: "1" },
      });
      expect(r.status).toBe(200);
    }

    const res = await callRoute(feedRoute.loader, { path: "/feed", cookie });
    expect(res.status).toBe(200);
    const summary = (items: { kind: string; card: { slug: string } }[]) => items.map((i) => `${i.kind}:${i.card.slug}`);
    expect(summary(res.data.items)).toEqual([
      `thread:${discussed.slug}`,
      `case:${inBase.slug}`,
      `case:${inTopic.slug}`,
    ]);
    const thread = res.data.items[0];
    expect(thread.comments).toBe(2);
    expect(thread.at).toBe(new Date(T0 - 1 * HOUR).toISOString());
    expect(res.data.nextCursor).toBeNull();
    expect(res.data.following.topics).toEqual([{ slug: topic.slug, name: "Branding" }]);
    expect(res.data.following.cases).toBe(3);
    expect(summary(res.data.items)).not.toContain(`case:${unrelated.slug}`);

    // Cursor pagination walks the same order without repeats or gaps.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: Awaited<ReturnType<typeof loadFeed>> = await loadFeed(member.id, "en", { cursor, take: 1 });
      seen.push(...summary(page.items));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(summary(res.data.items));
    const viaRoute = await callRoute(feedRoute.loader, {
      path: `/feed?cursor=${(await loadFeed(member.id, "en", { take: 2 })).nextCursor}`,
      cookie,
    });
    expect(summary(viaRoute.data.items)).toEqual([`case:${inTopic.slug}`]);

    // A new comment moves the thread up once, never twice across pages.
    await comment(discussed.id, other.id, new Date(T0 + 1000), "even newer");
    const first = await loadFeed(member.id, "en", { take: 1, now: new Date(T0 + 2000) });
    const rest = await loadFeed(member.id, "en", { take: 10, cursor: first.nextCursor, now: new Date(T0 + 2000) });
    expect([...summary(first.items), ...summary(rest.items)]).toEqual([
      `thread:${discussed.slug}`,
      `case:${inBase.slug}`,
      `case:${inTopic.slug}`,
    ]);
  });
});

async function render(
  route: { default: ComponentType; loader: Parameters<typeof callRoute>[0] },
  opts: {
    path: string;
    routePath: string;
    params?: Record<string, string>;
    cookie?: string;
    locale: Locale;
    status?: number;
  },
) {
  const sep = opts.path.includes("?") ? "&" : "?";
  const res = await callRoute(route.loader, {
    path: `${opts.path}${sep}lang=${opts.locale}`,
    params: opts.params,
    cookie: opts.cookie,
  });
  expect(res.status).toBe(opts.status ?? 200);
  const Stub = createRemixStub([
    { id: "page", path: opts.routePath, Component: route.default, loader: () => res.data },
  ]);
  const html = renderToString(
    h(
      I18nextProvider,
      { i18n: i18nFor(opts.locale) },
      h(Stub, { initialEntries: [opts.path], hydrationData: { loaderData: { page: res.data } } }),
    ),
  );
  // A missing key renders as the key itself.
  expect(html).not.toMatch(/\b(follow|common|account|cases):[a-z]/);
  expect(html).not.toMatch(/\b(button|feed|unsubscribe|settings)\.[a-zA-Z]+\b(?![^<]*>)/);
  return html;
}

describe.each(["zh-CN", "en"] as const)("pages render in %s", (locale) => {
  const zh = locale === "zh-CN";
  beforeAll(() => {
    const original = console.error;
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("useLayoutEffect does nothing on the server")) return;
      original(...args);
    });
  });

  it("feed with items, and the empty feed", async () => {
    const html = await render(feedRoute, {
      path: "/feed",
      routePath: "/feed",
      cookie: await cookieFor(feedMemberId),
      locale,
    });
    expect(html).toContain(zh ? "我的动态" : "Your feed");
    expect(html).toContain(zh ? "3 条近期评论" : "3 recent comments");
    expect(html).toContain("In followed base");
    const nobody = await createTestUser();
    const empty = await render(feedRoute, {
      path: "/feed",
      routePath: "/feed",
      cookie: await cookieFor(nobody.id),
      locale,
    });
    expect(empty).toContain(zh ? "暂无动态" : "Nothing here yet");
    expect(empty).toContain('href="/bases"');
  });

  it("topic page: the toggle for members, the login link for visitors", async () => {
    const member = await createTestUser();
    const cookie = await cookieFor(member.id);
    await callRoute(followRoute.action, {
      path: "/resources/follow",
      cookie,
      form: { targetType: "topic", targetId: topic.id, intent: "follow", _fetcher: "1" },
    });
    const args = { path: `/topics/${topic.slug}`, routePath: "/topics/:slug", params: { slug: topic.slug }, locale };
    const html = await render(topicPage, { ...args, cookie });
    expect(html).toContain('action="/resources/follow"');
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain(`value="${topic.id}"`);
    expect(html).toContain(zh ? "关注此主题" : "Follow this topic");
    const anon = await render(topicPage, args);
    expect(anon).toContain(zh ? "登录后关注" : "Log in to follow");
    expect(anon).toContain(`/login?redirectTo=${encodeURIComponent(`/topics/${topic.slug}`)}`);
  });

  it("unsubscribe pages and the settings checkbox", async () => {
    const member = await createTestUser();
    const token = signToken(UNSUBSCRIBE_PURPOSE, member.id);
    const ask = await render(unsubscribeRoute, {
      path: `/unsubscribe?token=${token}`,
      routePath: "/unsubscribe",
      locale,
    });
    expect(ask).toContain('action="/unsubscribe/confirm"');
    expect(ask).toContain(zh ? "停止邮件通知" : "Stop email notifications");
    const bad = await render(unsubscribeRoute, {
      path: "/unsubscribe?token=forged.token",
      routePath: "/unsubscribe",
      locale,
      status: 400,
    });
    expect(bad).toContain(zh ? "退订链接无效" : "This unsubscribe link is not valid");
    const done = await render(unsubscribeRoute, { path: "/unsubscribe?done=1", routePath: "/unsubscribe", locale });
    expect(done).toContain(zh ? "已退订" : "You are unsubscribed");
    const settings = await render(settingsRoute, {
      path: "/settings",
      routePath: "/settings",
      cookie: await cookieFor(member.id),
      locale,
    });
    expect(settings).toContain('name="emailNotifications"');
    expect(settings).toMatch(/name="emailNotifications"[^>]*checked=""/);
  });
});

describe("settings: email notifications checkbox", () => {
  it("turns mail off when unticked and on when ticked; other forms still work", async () => {
    const member = await createTestUser();
    const cookie = await cookieFor(member.id);
    const isOn = async () =>
      (await prisma.user.findUniqueOrThrow({ where: { id: member.id }, select: { emailNotifications: true } }))
        .emailNotifications;
    const off = await callRoute(settingsRoute.action, { path: "/settings", cookie, form: { intent: "notifications" } });
    expect(off.status).toBe(200);
    expect(off.data.notice).toBe("profile:notifications.saved");
    expect(await isOn()).toBe(false);
    const page = await callRoute(settingsRoute.loader, { path: "/settings", cookie });
    expect(page.data.user.emailNotifications).toBe(false);
    await callRoute(settingsRoute.action, {
      path: "/settings",
      cookie,
      form: { intent: "notifications", emailNotifications: "on" },
    });
    expect(await isOn()).toBe(true);
    const profile = await callRoute(settingsRoute.action, {
      path: "/settings",
      cookie,
      form: { intent: "profile", displayName: "New Name" },
    });
    expect(profile.status).toBe(200);
    expect(await isOn()).toBe(true);
  });
});
