// Server-renders the directory, base, affiliation, admin and notification pages
// in both languages with the data their loaders return, so a missing
// translation key or a render error shows up without a browser.
import { createElement as h, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createRemixStub } from "@remix-run/testing";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as directory from "~/routes/bases._index/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import * as affiliation from "~/routes/affiliation/route.tsx";
import * as queue from "~/routes/admin.affiliations/route.tsx";
import * as users from "~/routes/admin.users/route.tsx";
import * as audit from "~/routes/admin.audit/route.tsx";
import * as notifications from "~/routes/notifications/route.tsx";
import { i18nFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { prisma } from "~/utils/db.server.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { callRoute } from "../helpers/route.ts";
import { cookieFor } from "../helpers/users.ts";

let cookies: Record<"admin" | "pending" | "verified", string>;
let pendingUserId: string;

beforeAll(async () => {
  // The test router (RemixStub) uses useLayoutEffect, which React warns about on
  // the server; the real server renderer does not. Keep other errors visible.
  const original = console.error;
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes("useLayoutEffect does nothing on the server")) return;
    original(...args);
  });
  expect(await seedIfEmpty({ quiet: true })).toBe(true);
  const byName = async (username: string) => (await prisma.user.findUniqueOrThrow({ where: { username } })).id;
  pendingUserId = await byName("demo-pending");
  cookies = {
    admin: await cookieFor(await byName("demo-admin")),
    pending: await cookieFor(pendingUserId),
    verified: await cookieFor(await byName("demo-verified")),
  };
}, 180_000);

async function render(
  route: { default: ComponentType; loader: Parameters<typeof callRoute>[0] },
  opts: { path: string; routePath: string; params?: Record<string, string>; cookie?: string; locale: Locale },
) {
  const sep = opts.path.includes("?") ? "&" : "?";
  const res = await callRoute(route.loader, {
    path: `${opts.path}${sep}lang=${opts.locale}`,
    params: opts.params,
    cookie: opts.cookie,
  });
  expect(res.status).toBe(200);
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
  expect(html).not.toMatch(/\b(bases|admin|common|errors):[a-z]/);
  expect(html).not.toMatch(
    /\b(directory|detail|affiliation|affiliations|users|audit|notifications)\.[a-zA-Z]+\b(?![^<]*>)/,
  );
  return html;
}

describe.each(["zh-CN", "en"] as const)("pages render in %s", (locale) => {
  const zh = locale === "zh-CN";

  it("base directory with filters and pager", async () => {
    const html = await render(directory, { path: "/bases", routePath: "/bases", locale });
    expect(html).toContain(zh ? "基地名录" : "Base directory");
    // The demo registry (docs/samples/bases-demo.csv, 578 bases) lists Anhui's first.
    expect(html).toContain(zh ? "安徽省安庆市化工新材料国家外贸转型升级基地" : "Anqing (Anhui) Chemical New Materials");
    expect(html).toContain('name="industry"');
    expect(html).toContain('rel="next"');
    const filtered = await render(directory, { path: "/bases?industry=medicine", routePath: "/bases", locale });
    expect(filtered).toContain(zh ? "清除筛选" : "Clear filters");
    expect(filtered).toMatch(
      zh
        ? /<option value="medicine" selected="">医药（\d+）<\/option>/
        : /<option value="medicine" selected="">Medicine \(\d+\)<\/option>/,
    );
  });

  it("base page with members and the request link", async () => {
    const html = await render(basePage, {
      path: "/bases/zhejiang-yiwu-small-commodities",
      routePath: "/bases/:slug",
      params: { slug: "zhejiang-yiwu-small-commodities" },
      cookie: cookies.pending,
      locale,
    });
    expect(html).toContain(zh ? "认证成员" : "Verified member");
    expect(html).toContain("王芳（演示）");
    expect(html).toContain("/affiliation?base=zhejiang-yiwu-small-commodities");
  });

  it("affiliation page: a pending request, and the form for a member without one", async () => {
    const pending = await render(affiliation, {
      path: "/affiliation",
      routePath: "/affiliation",
      cookie: cookies.pending,
      locale,
    });
    expect(pending).toContain(zh ? "撤回申请" : "Withdraw request");
    const verified = await render(affiliation, {
      path: "/affiliation?base=hebei-anguo-herbal-medicine",
      routePath: "/affiliation",
      cookie: cookies.verified,
      locale,
    });
    // The base is found by typing (issue 12.9): without JavaScript a search form, and the base named in the
    // link comes preselected as a choice.
    expect(verified).toContain('class="base-search-nojs"');
    expect(verified).toMatch(/<input type="radio" name="base" checked="" value="hebei-anguo-herbal-medicine"\/>/);
  });

  it("admin pages", async () => {
    const q = await render(queue, {
      path: "/admin/affiliations",
      routePath: "/admin/affiliations",
      cookie: cookies.admin,
      locale,
    });
    expect(q).toContain(zh ? "驳回" : "Reject");
    const u = await render(users, {
      path: `/admin/users?manage=${pendingUserId}`,
      routePath: "/admin/users",
      cookie: cookies.admin,
      locale,
    });
    expect(u).toContain('<th scope="col"');
    expect(u).toContain(zh ? "停用账户" : "Suspend");
    const a = await render(audit, { path: "/admin/audit", routePath: "/admin/audit", cookie: cookies.admin, locale });
    expect(a).toContain(zh ? "通过基地认证" : "Affiliation approved");
  });

  it("notifications", async () => {
    const html = await render(notifications, {
      path: "/notifications",
      routePath: "/notifications",
      cookie: cookies.verified,
      locale,
    });
    expect(html).toContain(
      zh ? "您与浙江省义乌市小商品国家外贸转型升级基地的关联已通过认证" : "Your affiliation with Yiwu (Zhejiang)",
    );
  });
});
