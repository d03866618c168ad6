// The string versions of a comment's header and action bar (comment-markup.ts,
// ADR 057) write exactly what their JSX versions in discussion.tsx write, for
// every kind of comment and viewer: the markup without JavaScript, its forms and
// its accessible names must not depend on which of the two rendered it.
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement, Fragment } from "react";
import type i18next from "i18next";
import type { CommentView } from "~/models/comment.server.ts";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { Icon } from "~/components/icons.tsx";
import { ActionLabels, actionsHtml, esc, headerHtml, STAR_ICON, type HeaderParts } from "./comment-markup.ts";
import { actionParts, actionsJsx, CommentItem, commentHtml, headerChildren, type Ctx } from "./discussion.tsx";

const html = (node: ReturnType<typeof headerChildren>) => renderToStaticMarkup(createElement(Fragment, null, node));

function ctxFor(language: "zh-CN" | "en", viewer: Ctx["viewer"]): Ctx {
  const i18n = i18nFor(language) as typeof i18next;
  const t = i18n.getFixedT(language, "discussion");
  const noop = () => {};
  const tr: Ctx["tr"] = (key, vars) => String(t(key, vars as never));
  return {
    t,
    tr,
    labels: new ActionLabels(tr),
    errorText: (e) => e,
    language,
    submitForm: noop,
    submitPage: noop,
    slug: "a-case",
    viewer,
    focus: null,
    mostUsefulId: null,
    failure: null,
    reply: null,
    setReply: noop,
    editing: null,
    setEditing: noop,
    posted: [],
    addPosted: noop,
    patches: {},
    patch: noop,
    hydrated: false,
  };
}

const can = (edit: boolean, del: boolean, hide: boolean, history: boolean) => ({ edit, delete: del, hide, history });

function comment(over: Partial<CommentView>): CommentView {
  return {
    id: "cm1",
    parentId: null,
    rootId: null,
    depth: 0,
    author: { username: "li_ming", displayName: `李明 "<b>&'` },
    state: "ok",
    hiddenReason: null,
    createdAt: "2026-11-27T08:32:00.000Z",
    editedAt: null,
    helpfulCount: 3,
    voted: false,
    replyingTo: null,
    editDoc: null,
    can: can(false, false, false, false),
    children: [],
    ...over,
  };
}

const comments: CommentView[] = [
  comment({}),
  comment({ id: "cm2", voted: true, helpfulCount: 1, editedAt: "2026-11-28T01:00:00.000Z" }),
  comment({ id: "cm3", can: can(true, true, false, false), editDoc: "{}" }),
  comment({ id: "cm4", state: "hidden", hiddenReason: "spam", can: can(false, true, true, true) }),
  comment({ id: "cm5", can: can(false, true, true, true), replyingTo: { username: "wang", displayName: "王<芳>" } }),
  comment({
    id: "cm6",
    state: "deleted",
    author: { username: "", displayName: "" },
    can: can(false, false, false, true),
  }),
  comment({ id: "cm7", author: { username: "~x1", displayName: "" }, replyingTo: { username: "", displayName: "" } }),
  comment({ id: "cm8", helpfulCount: 1234 }),
];

const viewers: Array<[string, Ctx["viewer"]]> = [
  ["reader", { signedIn: false, verified: false, isCaseAuthor: false }],
  ["unverified member", { signedIn: true, verified: false, isCaseAuthor: false }],
  ["member", { signedIn: true, verified: true, isCaseAuthor: false }],
  ["case author", { signedIn: true, verified: true, isCaseAuthor: true }],
];

describe("comment markup strings", () => {
  it("esc escapes as React does", () => {
    const s = `a&b<c>"d"'e'`;
    expect(esc(s)).toBe(renderToStaticMarkup(createElement("span", null, s)).slice(6, -7));
    expect(esc("plain 文字")).toBe("plain 文字");
  });

  for (const language of ["zh-CN", "en"] as const) {
    it(`headers and action bars match their JSX (${language})`, () => {
      let checked = 0;
      for (const [who, viewer] of viewers) {
        const ctx = ctxFor(language, viewer);
        for (const c of comments) {
          const formerMember = c.author.username.startsWith("~");
          const name = formerMember ? ctx.tr("privacy:deletedMember") : c.author.displayName;
          const header: HeaderParts = {
            authorId: `c-${c.id}-author`,
            authorText: c.state === "deleted" ? ctx.tr("comment.deleted") : name,
            authorHref: c.state === "deleted" || formerMember ? null : `/u/${c.author.username}`,
            replying: c.replyingTo ? ctx.tr("comment.replyingTo", { name: c.replyingTo.displayName }) : null,
            permalink: `?comment=${c.id}#c-${c.id}`,
            time: "2026年11月27日 16:32（北京时间）",
            edited: c.editedAt ? ctx.tr("comment.edited") : null,
          };
          expect(headerHtml(header), `${who} ${c.id} header`).toBe(html(headerChildren(header)));
          for (const mostUseful of [false, true]) {
            const canWrite = viewer.verified;
            const jsx = renderToStaticMarkup(actionsJsx(c, ctx, canWrite, name, mostUseful));
            const str = `<div class="comment-actions">${actionsHtml(actionParts(c, ctx, canWrite, name, mostUseful))}</div>`;
            expect(str, `${who} ${c.id} actions${mostUseful ? " (most useful)" : ""}`).toBe(jsx);
            checked++;
          }
        }
      }
      expect(checked).toBe(viewers.length * comments.length * 2);
    });
  }
});

describe("the comment list as one string (ADR 061)", () => {
  // A thread with every kind of comment, replies folded behind "more replies" (more than
  // six), a reply deeper than the nesting depth, bodies, and one comment the most useful.
  const withBody = (c: CommentView, i: number): CommentView => ({
    ...c,
    html: c.state === "deleted" ? "" : `<p>body ${i} &amp; <strong>more</strong></p>`,
  });
  const kids = comments.map((c, i) => withBody({ ...c, id: `r${i}`, parentId: "top", rootId: "top", depth: 1 }, i));
  kids[1] = {
    ...kids[1]!,
    children: [
      withBody(
        comment({
          id: "deep",
          parentId: "r1",
          rootId: "top",
          depth: 4,
          replyingTo: { username: "wang", displayName: "王" },
        }),
        9,
      ),
    ],
  };
  const top = withBody(comment({ id: "top", children: kids }), 0);

  it("the star is the Icon's", () => {
    expect(STAR_ICON).toBe(renderToStaticMarkup(createElement(Icon, { name: "star" })));
  });

  for (const language of ["zh-CN", "en"] as const) {
    it(`writes what CommentItem writes, for every viewer (${language})`, () => {
      for (const [who, viewer] of viewers) {
        for (const [mostUsefulId, focus] of [
          [null, null],
          ["r3", "r7"],
          ["top", "deep"],
        ] as const) {
          const ctx = { ...ctxFor(language, viewer), mostUsefulId, focus };
          const jsx = renderToStaticMarkup(createElement(CommentItem, { c: top, ctx }));
          expect(commentHtml(top, ctx), `${who}, most useful ${mostUsefulId}, focus ${focus}`).toBe(jsx);
        }
      }
    });
  }
});

describe("the discussion's labels on the server", () => {
  // The server remembers labels per language for the process (rememberingT): a page in
  // one language must never get the other's, whichever rendered first.
  it("each render is in its own language, renders of both languages alternating", async () => {
    const { createRemixStub } = await import("@remix-run/testing");
    const { I18nextProvider } = await import("react-i18next");
    const { Discussion } = await import("./discussion.tsx");
    const render = (language: "zh-CN" | "en") => {
      const Stub = createRemixStub([
        {
          path: "/cases/:slug",
          Component: () =>
            createElement(Discussion, {
              slug: "a-case",
              commentCount: comments.length,
              threads: comments,
              nextCursor: null,
              cursor: null,
              sort: "oldest",
              focus: null,
              mostUseful: null,
              viewer: { signedIn: true, verified: true, isCaseAuthor: false },
              failure: null,
            }),
        },
      ]);
      return renderToStaticMarkup(
        createElement(
          I18nextProvider,
          { i18n: i18nFor(language) },
          createElement(Stub, { initialEntries: ["/cases/a-case"] }),
        ),
      );
    };
    for (const language of ["zh-CN", "en", "zh-CN", "en"] as const) {
      const page = render(language);
      const t = i18nFor(language).getFixedT(language, "discussion");
      const name = esc(comments[0]!.author.displayName);
      expect(page).toContain(
        `aria-label="${esc(String(t("comment.replyTo", { name: comments[0]!.author.displayName })))}"`,
      );
      expect(page).toContain(`>${esc(String(t("comment.reply")))}</a>`);
      expect(page).toContain(name);
      expect(page).toContain(language === "en" ? ">Reply</a>" : ">回复</a>");
    }
  });
});
