// "Storage full, nothing was saved": what a request that fails because the disk
// (or the database's size limit) is full answers, instead of a bare 500. A failed
// write inside a transaction rolls back whole (app/utils/db.server.ts), so the
// message is true. Pages get the error page with status 507 in the visitor's
// language (components/error-boundary.tsx); resource routes (autosave, uploads,
// fetchers) get JSON `{ error: "storage-full", message }`.
import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { tFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";
import { logger } from "./logger.server.ts";

export const STORAGE_FULL_STATUS = 507;

const FULL_CODES = new Set(["SQLITE_FULL", "ENOSPC", "EDQUOT"]);
const FULL_MESSAGES = /database or disk is full|no space left on device|disk quota exceeded/i;

/** True when the error (or one it wraps) says the disk or the database is full. */
export function isStorageFull(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && FULL_CODES.has(e.code)) return true;
  if (typeof e.message === "string" && FULL_MESSAGES.test(e.message)) return true;
  return isStorageFull(e.cause, depth + 1) || isStorageFull(e.meta?.driverAdapterError, depth + 1);
}

/**
 * True when the error (or one it wraps) says the file store did not take or give the file:
 * an S3-compatible store refused the request or did not answer (s3-file-storage.server.ts).
 */
export function isStorageUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  const e = error as { name?: unknown; cause?: unknown };
  return e.name === "S3StoreError" || isStorageUnavailable(e.cause, depth + 1);
}

export const STORAGE_UNAVAILABLE_STATUS = 503;

export function storageFullMessage(locale: Locale): string {
  return tFor(locale)("errors:storageFull.title");
}

/** The JSON answer of a resource route. */
export function storageFullJson(locale: Locale): Response {
  return new Response(JSON.stringify({ error: "storage-full", message: storageFullMessage(locale) }), {
    status: STORAGE_FULL_STATUS,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

type RouteFunction = (args: ActionFunctionArgs | LoaderFunctionArgs) => unknown;

/**
 * Wraps a route's loader or action: a storage-full failure becomes the answer
 * above, a file store that is unavailable a 503 with Retry-After (both thrown for
 * pages, so their error boundary shows them), anything else is rethrown unchanged.
 */
export function answerStorageFull<F extends RouteFunction>(fn: F, kind: "page" | "resource"): F {
  const wrapped = async (args: ActionFunctionArgs | LoaderFunctionArgs) => {
    try {
      return await fn(args);
    } catch (error) {
      const locale = (args.context as { locale?: Locale }).locale ?? "zh-CN";
      if (isStorageUnavailable(error)) {
        logger.error({ err: error, url: args.request.url }, "file store unavailable: the request failed");
        const message = tFor(locale)("errors:storageUnavailable.title");
        if (kind === "resource")
          return new Response(JSON.stringify({ error: "storage-unavailable", message }), {
            status: STORAGE_UNAVAILABLE_STATUS,
            headers: {
              "Content-Type": "application/json; charset=utf-8",
              "Cache-Control": "no-store",
              "Retry-After": "60",
            },
          });
        throw new Response(message, {
          status: STORAGE_UNAVAILABLE_STATUS,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "60" },
        });
      }
      if (!isStorageFull(error)) throw error;
      logger.error({ err: error, url: args.request.url }, "storage full: the request's writes were not saved");
      if (kind === "resource") return storageFullJson(locale);
      throw new Response(storageFullMessage(locale), {
        status: STORAGE_FULL_STATUS,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    }
  };
  return wrapped as F;
}

const guarded = new WeakMap<ServerBuild, ServerBuild>();

/** The build with every route's loader and action wrapped (server/serve.ts). */
export function withStorageFullAnswers(build: ServerBuild): ServerBuild {
  const known = guarded.get(build);
  if (known) return known;
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const mod = route.module;
      // A route without a component is a resource route: its callers read JSON.
      const kind = mod.default ? "page" : "resource";
      const module = {
        ...mod,
        ...(mod.action ? { action: answerStorageFull(mod.action as RouteFunction, kind) } : {}),
        ...(mod.loader ? { loader: answerStorageFull(mod.loader as RouteFunction, kind) } : {}),
      };
      return [id, { ...route, module }];
    }),
  ) as ServerBuild["routes"];
  const wrapped = { ...build, routes };
  guarded.set(build, wrapped);
  return wrapped;
}
