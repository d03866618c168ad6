import { createRequire } from "node:module";
import {
  createStaticHandler,
  matchRoutes,
  UNSAFE_convertRoutesToDataRoutes as convertRoutes,
  type AgnosticRouteObject,
  type StaticHandlerContext,
} from "@remix-run/router";
import { describe, expect, it, vi } from "vitest";
import {
  branchStaticHandler,
  installRouteMatchMemo,
  memoizeDataRoutes,
  memoizeMatchRoutes,
  memoizeServerRoutes,
} from "./route-match-memo.server.ts";

type Route = AgnosticRouteObject & { children?: Route[] };

/** A tree like the app's (root layout, index routes, dynamic and splat segments), new objects on each call as RemixServer makes them. */
function tree(): Route[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "routes/_index", index: true },
        { id: "routes/cases._index", path: "cases", index: true },
        { id: "routes/cases.$slug", path: "cases/:slug" },
        { id: "routes/cases.$slug_.edit", path: "cases/:slug/edit" },
        { id: "routes/cases.new", path: "cases/new" },
        { id: "routes/u.$username", path: "u/:username" },
        { id: "routes/bases.$slug", path: "bases/:slug", children: [{ id: "routes/bases.$slug._index", index: true }] },
        { id: "routes/$", path: "*" },
      ],
    },
  ];
}

const paths = [
  "/",
  "/cases",
  "/cases/",
  "/cases/new",
  "/cases/a-b",
  "/cases/a-b/edit",
  "/u/Ann",
  "/bases/x",
  "/no/such",
  "/cases/x?y=1#z",
];

describe("memoized route matching", () => {
  it("answers every path as React Router does, on the caller's own route objects, twice", () => {
    const original = vi.fn(matchRoutes as never) as unknown as typeof matchRoutes;
    const memoized = memoizeMatchRoutes(original as never);
    for (let round = 0; round < 2; round++) {
      for (const path of paths) {
        const routes = tree();
        const expected = matchRoutes(routes, path);
        const got = memoized(routes, path);
        expect(got).toEqual(expected);
        // The routes are the objects of this call's tree, not of the call that filled the memo.
        got?.forEach((m, i) => expect(m.route).toBe(expected![i]!.route));
        const viaObject = memoized(tree(), { pathname: path.split(/[?#]/)[0] });
        expect(viaObject?.map((m) => m.route.id)).toEqual(expected?.map((m) => m.route.id));
      }
    }
    // Each path was matched from scratch once (the query-string form shares the plain path's answer).
    expect(vi.mocked(original).mock.calls.length).toBe(new Set(paths.map((p) => p.split(/[?#]/)[0])).size);
  });

  it("gives each answer its own params object, shared by its matches", () => {
    const memoized = memoizeMatchRoutes(matchRoutes as never);
    const a = memoized(tree(), "/cases/a-b")!;
    (a[0]!.params as Record<string, string>).slug = "changed";
    const b = memoized(tree(), "/cases/a-b")!;
    expect(b[1]!.params.slug).toBe("a-b");
    expect(b[0]!.params).toBe(b[1]!.params);
  });

  it("is installed where Remix's server runtime looks it up", () => {
    const router = createRequire(import.meta.url)("@remix-run/router") as {
      matchRoutes: typeof matchRoutes;
      createStaticHandler: typeof createStaticHandler;
    };
    const original = router.matchRoutes;
    const originalHandler = router.createStaticHandler;
    const remixRoutes = createRequire(import.meta.url)("@remix-run/react/dist/routes.js") as {
      createServerRoutes: unknown;
    };
    const originalServerRoutes = remixRoutes.createServerRoutes;
    const originalConvert = (router as unknown as { UNSAFE_convertRoutesToDataRoutes: unknown })
      .UNSAFE_convertRoutesToDataRoutes;
    const counted = vi.fn(original);
    router.matchRoutes = counted as never;
    try {
      installRouteMatchMemo();
      const installed = router.matchRoutes;
      installRouteMatchMemo(); // once per process
      expect(router.matchRoutes).toBe(installed);
      const { matchServerRoutes } = createRequire(import.meta.url)(
        "@remix-run/server-runtime/dist/routeMatching.js",
      ) as { matchServerRoutes: (routes: Route[], path: string) => Array<{ route: Route }> | null };
      for (let i = 0; i < 3; i++) {
        expect(matchServerRoutes(tree(), "/u/only-here")?.map((m) => m.route.id)).toEqual([
          "root",
          "routes/u.$username",
        ]);
      }
      expect(counted).toHaveBeenCalledTimes(1);
      // Remix's derive() makes its static handler through the same exports object.
      expect(router.createStaticHandler).not.toBe(originalHandler);
      expect(router.createStaticHandler(tree())).toHaveProperty("branchCount");
      // RemixServer looks createServerRoutes up on its routes module's exports.
      expect(remixRoutes.createServerRoutes).not.toBe(originalServerRoutes);
      // react-router-dom/server's createStaticRouter converts through the same exports object.
      const { createStaticRouter } = createRequire(import.meta.url)("react-router-dom/server") as {
        createStaticRouter: (routes: Route[], context: StaticHandlerContext) => { routes: Route[] };
      };
      const routes = tree();
      const context = {
        matches: [],
        loaderData: {},
        actionData: null,
        errors: null,
      } as unknown as StaticHandlerContext;
      expect(createStaticRouter(routes, context).routes).toBe(createStaticRouter(routes, context).routes);
    } finally {
      router.matchRoutes = original;
      router.createStaticHandler = originalHandler;
      remixRoutes.createServerRoutes = originalServerRoutes;
      (router as unknown as { UNSAFE_convertRoutesToDataRoutes: unknown }).UNSAFE_convertRoutesToDataRoutes =
        originalConvert;
    }
  });
});

/** Routes with data: loaders, an action, an error boundary, a pathless layout, a resource route. */
function dataTree(): Route[] {
  const loader =
    (id: string) =>
    ({ params, request }: { params: Record<string, string | undefined>; request: Request }) => ({
      id,
      params,
      q: new URL(request.url).searchParams.get("q"),
    });
  return [
    {
      id: "root",
      path: "",
      loader: loader("root"),
      hasErrorBoundary: true,
      children: [
        { id: "index", index: true, loader: loader("index") },
        {
          id: "cases",
          path: "cases",
          loader: loader("cases"),
          action: () => ({ posted: "cases" }),
          children: [
            { id: "cases-index", index: true, loader: loader("cases-index"), action: () => ({ posted: "index" }) },
            { id: "case", path: ":slug", loader: loader("case") },
            { id: "case-new", path: "new", loader: loader("case-new") },
          ],
        },
        {
          id: "layout",
          children: [
            { id: "profile", path: "u/:username", loader: loader("profile") },
            {
              id: "broken",
              path: "broken/:n",
              loader: () => {
                throw new Response("gone", { status: 410 });
              },
            },
          ],
        },
        { id: "resource", path: "resources/ping", loader: () => new Response("pong") },
        { id: "splat", path: "*", loader: loader("splat") },
      ],
    },
  ] as Route[];
}

/** What a query answers, comparable across handlers (route objects differ; their ids, params and data must not). */
async function answer(result: StaticHandlerContext | Response) {
  if (result instanceof Response) return { status: result.status, body: await result.text() };
  const errors = result.errors
    ? Object.fromEntries(Object.entries(result.errors).map(([k, e]) => [k, (e as { status?: number }).status ?? e]))
    : null;
  return {
    status: result.statusCode,
    matches: result.matches.map((m) => [m.route.id, m.params, m.pathname, m.pathnameBase]),
    loaderData: result.loaderData,
    actionData: result.actionData,
    errors,
  };
}

describe("static handler per matched branch", () => {
  const requests = (): Request[] => [
    ...[
      "/",
      "/cases",
      "/cases/",
      "/cases/new",
      "/cases/a-b?q=1",
      "/u/Ann",
      "/broken/3",
      "/no/such/page",
      "/%E6%B5%B7",
    ].map((p) => new Request(`http://x${p}`)),
    new Request("http://x/cases?index", { method: "POST", body: "a=1" }),
    new Request("http://x/cases", { method: "POST", body: "a=1" }),
    new Request("http://x/cases/a-b", { method: "POST", body: "a=1" }),
    new Request("http://x/u/Ann", { method: "OPTIONS" }),
  ];

  it("answers every request as the whole tree's handler does", async () => {
    const whole = createStaticHandler(dataTree());
    const branched = branchStaticHandler(createStaticHandler, memoizeMatchRoutes(matchRoutes as never), dataTree());
    for (let round = 0; round < 2; round++) {
      const [a, b] = [requests(), requests()];
      for (let i = 0; i < a.length; i++) {
        expect(await answer(await branched.query(b[i]!)), `${a[i]!.method} ${a[i]!.url}`).toEqual(
          await answer(await whole.query(a[i]!)),
        );
      }
      const route = (h: typeof whole) => h.queryRoute(new Request("http://x/resources/ping"));
      expect(await ((await route(branched)) as Response).text()).toBe(await ((await route(whole)) as Response).text());
      await expect(branched.queryRoute(new Request("http://x/u/Bo"), { routeId: "profile" })).resolves.toEqual(
        await whole.queryRoute(new Request("http://x/u/Bo"), { routeId: "profile" }),
      );
    }
    expect(branched.dataRoutes.map((r) => r.id)).toEqual(whole.dataRoutes.map((r) => r.id));
  });

  it("makes one handler per branch, over that branch's routes only", async () => {
    const made = vi.fn(createStaticHandler);
    const branched = branchStaticHandler(made, memoizeMatchRoutes(matchRoutes as never), dataTree());
    await branched.query(new Request("http://x/cases/a"));
    await branched.query(new Request("http://x/cases/b"));
    await branched.query(new Request("http://x/u/Ann"));
    expect(branched.branchCount()).toBe(2);
    expect(made).toHaveBeenCalledTimes(3); // the whole tree's, then one per branch
    const ids = (list: Route[] | undefined): unknown => list?.map((r) => (r.children ? [r.id, ids(r.children)] : r.id));
    expect(ids(made.mock.calls[1]![0] as Route[])).toEqual([["root", [["cases", ["case"]]]]]);
    expect(ids(made.mock.calls[2]![0] as Route[])).toEqual([["root", [["layout", ["profile"]]]]]);
  });
});

describe("RemixServer's routes once per build", () => {
  const { createServerRoutes } = createRequire(import.meta.url)("@remix-run/react/dist/routes.js") as {
    createServerRoutes: Parameters<typeof memoizeServerRoutes>[0];
  };
  const manifest = {
    root: { id: "root", path: "", hasLoader: true },
    "routes/_index": { id: "routes/_index", parentId: "root", index: true, hasLoader: true },
    "routes/cases.$slug": { id: "routes/cases.$slug", parentId: "root", path: "cases/:slug", hasLoader: true },
  };
  const modules = () => ({ root: rootModule, "routes/_index": indexModule, "routes/cases.$slug": caseModule });
  const rootModule = { default: () => null, Layout: ({ children }: { children: unknown }) => children };
  const indexModule = { default: () => null };
  const caseModule = { default: () => null, handle: { x: 1 } };
  const future = { v3_singleFetch: true };

  it("makes the routes once for a manifest and the same modules in a new holder, as Remix makes them", () => {
    const made = vi.fn(createServerRoutes);
    const memoized = memoizeServerRoutes(made);
    const first = memoized(manifest, modules(), future, false);
    expect(memoized(manifest, modules(), future, false)).toBe(first);
    expect(made).toHaveBeenCalledTimes(1);
    const fresh = createServerRoutes(manifest, modules(), future, false);
    const shape = (list: Route[]): unknown =>
      list.map((r) => [r.id, r.path, r.index, r.handle, typeof r.loader, r.children ? shape(r.children) : null]);
    expect(shape(first)).toEqual(shape(fresh));
  });

  it("makes them again when a module, the manifest or the other arguments differ", () => {
    const made = vi.fn(createServerRoutes);
    const memoized = memoizeServerRoutes(made);
    const first = memoized(manifest, modules(), future, false);
    const edited = memoized(manifest, { ...modules(), "routes/_index": { default: () => null } }, future, false);
    expect(edited).not.toBe(first);
    expect(memoized(manifest, modules(), future, true)).not.toBe(first);
    expect(memoized({ ...manifest }, modules(), future, false)).not.toBe(first);
    expect(made).toHaveBeenCalledTimes(4);
  });
});

describe("the static router's data routes once per tree", () => {
  const map = (route: Route) => ({ hasErrorBoundary: Boolean(route.id === "root") });

  it("answers a whole tree as React Router does, once, filling each caller's manifest", () => {
    const made = vi.fn(convertRoutes as never) as unknown as Parameters<typeof memoizeDataRoutes>[0];
    const memoized = memoizeDataRoutes(made);
    const routes = tree();
    const expectedManifest: Record<string, Route> = {};
    const expected = convertRoutes(routes, map, undefined, expectedManifest as never);
    const first: Record<string, Route> = {};
    const got = memoized(routes, map, undefined, first);
    expect(got).toEqual(expected);
    expect(first).toEqual(expectedManifest);
    const second: Record<string, Route> = {};
    expect(memoized(routes, map, undefined, second)).toBe(got);
    expect(Object.keys(second)).toEqual(Object.keys(expectedManifest));
    expect(second["routes/cases.$slug"]).toBe(got[0]!.children![2]);
    expect(made).toHaveBeenCalledTimes(1);
  });

  it("converts again for another tree, another mapping, a subtree or a manifest already holding routes", () => {
    const made = vi.fn(convertRoutes as never) as unknown as Parameters<typeof memoizeDataRoutes>[0];
    const memoized = memoizeDataRoutes(made);
    const routes = tree();
    memoized(routes, map, undefined, {});
    memoized(tree(), map, undefined, {});
    memoized(routes, () => ({}), undefined, {});
    memoized(routes[0]!.children!, map, ["0"], {});
    memoized(routes, map, undefined, { other: {} as Route });
    expect(made).toHaveBeenCalledTimes(5);
  });
});
