import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { AppLink, clickedSitePath, type LinkClick } from "./app-link.tsx";

const inRouter = (node: ReactNode) =>
  renderToString(<MemoryRouter initialEntries={["/cases/here?x=1"]}>{node}</MemoryRouter>);

describe("AppLink", () => {
  it("renders the same <a> as Remix's <Link> for an absolute path", () => {
    const cases: Array<[string, Record<string, string>]> = [
      ["/cases/a-b", { className: "tag", lang: "en" }],
      ["/search?q=%E6%B5%B7&page=2", {}],
      ["/u/Ann", { rel: "prev", "aria-label": "Ann's profile" }],
    ];
    for (const [to, props] of cases) {
      expect(
        inRouter(
          <AppLink to={to} {...props}>
            text
          </AppLink>,
        ),
      ).toBe(
        inRouter(
          <Link to={to} {...props}>
            text
          </Link>,
        ),
      );
    }
  });

  it("needs no router for an absolute path (no router hook runs per link)", () => {
    expect(renderToString(<AppLink to="/bases/x">x</AppLink>)).toBe('<a data-discover="true" href="/bases/x">x</a>');
    // A <Link> cannot render outside a router: it resolves its path through the router's hooks.
    expect(() => renderToString(<Link to="/bases/x">x</Link>)).toThrow();
  });

  it("leaves relative paths and router options to <Link>", () => {
    for (const el of [
      <AppLink key="1" to="?page=2">
        next
      </AppLink>,
      <AppLink key="2" to="edit">
        edit
      </AppLink>,
      <AppLink key="3" to="/cases/a" reloadDocument>
        a
      </AppLink>,
      <AppLink key="4" to="/cases/a" target="_blank">
        a
      </AppLink>,
      <AppLink key="5" to={{ pathname: "/cases/a" }}>
        a
      </AppLink>,
    ]) {
      expect(() => renderToString(el)).toThrow(); // went through <Link>: outside a router it throws
      expect(inRouter(el)).toBe(inRouter(<Link {...el.props} />));
    }
  });
});

/** A click on an element inside an <a> with these attributes. */
function click(attrs: Record<string, string> | null, over: Partial<LinkClick> = {}): LinkClick {
  const anchor = attrs && {
    getAttribute: (name: string) => attrs[name] ?? null,
    hasAttribute: (name: string) => name in attrs,
  };
  const target = {
    closest: (selector: string) =>
      anchor && selector === "a[data-discover]" && "data-discover" in attrs! ? anchor : null,
  };
  return {
    defaultPrevented: false,
    button: 0,
    metaKey: false,
    altKey: false,
    ctrlKey: false,
    shiftKey: false,
    target: target as unknown as EventTarget,
    ...over,
  };
}

describe("clickedSitePath", () => {
  const link = { "data-discover": "true", href: "/cases/a?x=1#c" };

  it("navigates in the page for a plain left click on an app link", () => {
    expect(clickedSitePath(click(link))).toBe("/cases/a?x=1#c");
    expect(clickedSitePath(click({ ...link, target: "_self" }))).toBe("/cases/a?x=1#c");
  });

  it("leaves to the browser what <Link> left to it", () => {
    for (const over of [
      { metaKey: true },
      { ctrlKey: true },
      { shiftKey: true },
      { altKey: true },
      { button: 1 },
      { defaultPrevented: true }, // a <Link>'s own handler (or another) took it
    ]) {
      expect(clickedSitePath(click(link, over))).toBeNull();
    }
    expect(clickedSitePath(click({ ...link, target: "_blank" }))).toBeNull();
    expect(clickedSitePath(click({ ...link, download: "" }))).toBeNull();
    expect(clickedSitePath(click({ href: "/cases/a" }))).toBeNull(); // a plain <a> (e.g. in a case's text)
    expect(clickedSitePath(click({ "data-discover": "true", href: "//elsewhere.example/x" }))).toBeNull();
    expect(clickedSitePath(click({ "data-discover": "true", href: "https://elsewhere.example/x" }))).toBeNull();
    expect(clickedSitePath(click(null))).toBeNull();
    expect(clickedSitePath({ ...click(link), target: null })).toBeNull();
  });
});
