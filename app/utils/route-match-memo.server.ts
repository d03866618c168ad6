// Route matching once per path and process, not several times per request (issue 15.1).
//
// React Router's `matchRoutes` flattens the whole route tree, ranks every branch and
// compiles each branch's pattern to a regular expression on every call, and a page
// request calls it four times: Remix's server (matchServerRoutes), the static
// router's <Routes>, the lazy route discovery's manifest (fog-of-war, once per
// parent path) and the static handler. A CPU profile of the uncached home page put
// ~20 % of its time there. The answer depends only on the route tree and the path,
// so the first three calls (they reach the function through the module's exports
// object; the static handler calls it inside its own module) are answered from a
// memo here.
//
// The React side builds new route objects for every request (RemixServer's
// createServerRoutes), so the memo is keyed by the tree's shape (route ids, paths,
// index and case flags: the same for every request of one build), and a remembered
// answer is rebuilt on the caller's own route objects by their position in the tree.
import { createRequire } from "node:module";
import type { AgnosticRouteMatch, AgnosticRouteObject, createStaticHandler } from "@remix-run/router";

type Route = AgnosticRouteObject & { children?: Route[] };
type MatchRoutes = (routes: Route[], location: unknown, basename?: string) => AgnosticRouteMatch[] | null;

interface Remembered {
  /** Each match's route as its position in the tree (child indexes from the top). */
  positions: number[][];
  params: Record<string, string | undefined>;
  pathnames: Array<{ pathname: string; pathnameBase: string }>;
}

/** Paths remembered per tree before the memo starts over (paths come from requests: unbounded). */
export const ROUTE_MATCH_MEMO_SIZE = 5000;

const shapes = new WeakMap<Route[], number>();
const shapeIds = new Map<string, number>();
const memo = new Map<string, Remembered | null>();

/** A small number for the tree's shape; equal trees (one per request on the React side) get the same one. */
function shapeOf(routes: Route[]): number {
  let id = shapes.get(routes);
  if (id !== undefined) return id;
  const describe = (list: Route[]): string =>
    list
      .map(
        (r) =>
          `${r.id ?? ""}|${r.path ?? ""}|${r.index ? 1 : 0}|${r.caseSensitive ? 1 : 0}(${r.children ? describe(r.children) : ""})`,
      )
      .join(",");
  const key = describe(routes);
  id = shapeIds.get(key);
  if (id === undefined) {
    id = shapeIds.size;
    shapeIds.set(key, id);
  }
  shapes.set(routes, id);
  return id;
}

function positionsOf(routes: Route[]): Map<Route, number[]> {
  const out = new Map<Route, number[]>();
  const walk = (list: Route[], prefix: number[]) =>
    list.forEach((r, i) => {
      const at = [...prefix, i];
      out.set(r, at);
      if (r.children) walk(r.children, at);
    });
  walk(routes, []);
  return out;
}

function routeAt(routes: Route[], position: number[]): Route {
  let list = routes;
  let route: Route | undefined;
  for (const i of position) {
    route = list[i];
    list = route?.children ?? [];
  }
  return route!;
}

/** The memoized function around `original`: same arguments, same answers (fresh objects on each call). */
export function memoizeMatchRoutes(original: MatchRoutes): MatchRoutes {
  const memoized: MatchRoutes = (routes, location, basename = "/") => {
    const pathname =
      typeof location === "string"
        ? location.split(/[?#]/)[0]
        : ((location as { pathname?: string } | null)?.pathname ?? undefined);
    if (pathname === undefined || !Array.isArray(routes)) return original(routes, location, basename);
    const key = `${shapeOf(routes)}\u0000${basename}\u0000${pathname}`;
    let hit = memo.get(key);
    if (hit === undefined) {
      const matches = original(routes, location, basename);
      const at = matches ? positionsOf(routes) : null;
      hit =
        matches && at && matches.every((m) => at.has(m.route as Route))
          ? {
              positions: matches.map((m) => at.get(m.route as Route)!),
              params: { ...matches[matches.length - 1]?.params },
              pathnames: matches.map((m) => ({ pathname: m.pathname, pathnameBase: m.pathnameBase })),
            }
          : null;
      if (matches && !hit) return matches; // a route object not in the tree: nothing to remember
      if (memo.size >= ROUTE_MATCH_MEMO_SIZE) memo.clear();
      memo.set(key, hit);
    }
    if (!hit) return null;
    // As React Router does: every match of one answer shares one params object.
    const params = { ...hit.params };
    return hit.positions.map((position, i) => ({
      params,
      pathname: hit.pathnames[i]!.pathname,
      pathnameBase: hit.pathnames[i]!.pathnameBase,
      route: routeAt(routes, position),
    })) as AgnosticRouteMatch[];
  };
  return memoized;
}

type StaticHandler = ReturnType<typeof createStaticHandler>;
type CreateStaticHandler = typeof createStaticHandler;

/**
 * The static handler around `original`'s, answering each request with a handler made
 * over the matched branch only (issue 15.1).
 *
 * The static handler (loaders, actions, error bubbling) matches the request against the
 * whole route tree inside its own module, where the memo cannot reach: flattening,
 * ranking and compiling ~100 routes on every page was 5 % of an uncached page's CPU.
 * The memoized `matchRoutes` (same tree, same path) tells which branch wins; a handler
 * made over a tree of that branch's routes alone (each route keeping only the next one
 * as its child) matches the same routes with the same params, since the branch ranked
 * first among all and its own ancestors rank as they did. One such handler is made per
 * branch and kept; a request no route matches goes to the whole tree's handler, which
 * also stays the `dataRoutes` Remix renders errors against.
 */
export function branchStaticHandler(
  original: CreateStaticHandler,
  matchRoutes: MatchRoutes,
  routes: Route[],
  opts?: Parameters<CreateStaticHandler>[1],
): StaticHandler & { branchCount: () => number } {
  const whole = original(routes, opts);
  const branches = new Map<string, StaticHandler>();
  const handlerFor = (request: Request): StaticHandler => {
    const url = new URL(request.url);
    const matches = matchRoutes(routes, { pathname: url.pathname }, opts?.basename ?? "/");
    if (!matches?.length) return whole;
    const ids = matches.map((m) => m.route.id).join("\u0000");
    let handler = branches.get(ids);
    if (!handler) {
      let chain: Route | undefined;
      for (let i = matches.length - 1; i >= 0; i--) {
        const route = matches[i]!.route as Route;
        chain = { ...route, children: chain ? [chain] : undefined } as Route;
      }
      handler = original([chain!], opts);
      branches.set(ids, handler);
    }
    return handler;
  };
  return {
    dataRoutes: whole.dataRoutes,
    query: (request, queryOpts) => handlerFor(request).query(request, queryOpts),
    queryRoute: (request, queryOpts) => handlerFor(request).queryRoute(request, queryOpts),
    branchCount: () => branches.size,
  };
}

type CreateServerRoutes = (
  manifest: Record<string, { id: string }>,
  routeModules: Record<string, unknown>,
  ...rest: unknown[]
) => Route[];

/**
 * RemixServer's `createServerRoutes` once per build, not per request (issue 15.1).
 *
 * RemixServer turns the build's route manifest and modules into React route objects
 * on every render: ~100 routes, each with its components' elements (2 % of an uncached
 * page's CPU). The answer depends on the manifest (one object per build) and the route
 * modules, whose holder is new per request but whose modules are the build's: the
 * routes are remembered per manifest and made again if any module differs (a
 * development build's edits). Nothing changes them afterwards: React Router copies
 * them into its own data routes for each request.
 */
export function memoizeServerRoutes(original: CreateServerRoutes): CreateServerRoutes {
  const remembered = new WeakMap<object, { key: string; modules: Record<string, unknown>; routes: Route[] }>();
  return (manifest, routeModules, ...rest) => {
    const key = JSON.stringify(rest);
    const hit = remembered.get(manifest);
    if (hit && hit.key === key && Object.keys(manifest).every((id) => hit.modules[id] === routeModules[id])) {
      return hit.routes;
    }
    const routes = original(manifest, routeModules, ...rest);
    remembered.set(manifest, { key, modules: { ...routeModules }, routes });
    return routes;
  };
}

type ConvertRoutes = (
  routes: Route[],
  mapRouteProperties: unknown,
  parentPath?: string[],
  manifest?: Record<string, Route>,
) => Route[];

/**
 * The static router's data routes once per route tree (issue 15.1).
 *
 * React Router's `createStaticRouter` converts the routes it is given into data routes
 * on every render: a copy of each of ~100 routes with its element created, and an
 * id check that builds its message string each time (2 % of an uncached page's CPU).
 * RemixServer's routes are now one tree per build (memoizeServerRoutes), so the answer
 * is remembered for that tree and the same `mapRouteProperties`; the caller's manifest
 * (id → data route) is filled as the conversion would. Nothing writes into the data
 * routes on the server (lazy routes and route discovery are the browser's).
 */
export function memoizeDataRoutes(original: ConvertRoutes): ConvertRoutes {
  const remembered = new WeakMap<Route[], { map: unknown; routes: Route[]; manifest: Record<string, Route> }>();
  return (routes, mapRouteProperties, parentPath, manifest = {}) => {
    // Only whole trees into an empty manifest are remembered (that is how the static router calls it).
    if (parentPath?.length || Object.keys(manifest).length > 0) {
      return original(routes, mapRouteProperties, parentPath, manifest);
    }
    let hit = remembered.get(routes);
    if (!hit || hit.map !== mapRouteProperties) {
      const own: Record<string, Route> = {};
      hit = { map: mapRouteProperties, routes: original(routes, mapRouteProperties, parentPath, own), manifest: own };
      remembered.set(routes, hit);
    }
    Object.assign(manifest, hit.manifest);
    return hit.routes;
  };
}

const g = globalThis as unknown as { __beeRouteMatchMemo?: boolean };

/**
 * Installs the memo on @remix-run/router's exports (once per process). Remix's server
 * runtime, React Router and Remix's React package look the function up there at each
 * call, so they all get it.
 */
export function installRouteMatchMemo(): void {
  if (g.__beeRouteMatchMemo) return;
  const router = createRequire(import.meta.url)("@remix-run/router") as {
    matchRoutes: MatchRoutes;
    createStaticHandler: CreateStaticHandler;
    UNSAFE_convertRoutesToDataRoutes: ConvertRoutes;
  };
  // react-router-dom/server's createStaticRouter calls it through the exports object.
  router.UNSAFE_convertRoutesToDataRoutes = memoizeDataRoutes(router.UNSAFE_convertRoutesToDataRoutes);
  const matchRoutes = memoizeMatchRoutes(router.matchRoutes);
  router.matchRoutes = matchRoutes;
  // Remix's server runtime makes its static handler through the exports object too (once per build).
  const createStaticHandler = router.createStaticHandler;
  router.createStaticHandler = (routes, opts) =>
    branchStaticHandler(createStaticHandler, matchRoutes, routes as Route[], opts);
  // RemixServer calls it through its routes module's exports object.
  const remixRoutes = createRequire(import.meta.url)("@remix-run/react/dist/routes.js") as {
    createServerRoutes: CreateServerRoutes;
  };
  remixRoutes.createServerRoutes = memoizeServerRoutes(remixRoutes.createServerRoutes);
  g.__beeRouteMatchMemo = true;
}
