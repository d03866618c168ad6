// What the home page shows of the ministry's curation: open calls for cases and
// featured typical-case collections with their first cases (one statement, ADR 082).
import type { Locale } from "~/i18n/config.ts";
import { homeCuration } from "~/models/collection.server.ts";
import { toCallListItem } from "~/features/calls/call-list.server.ts";

export async function curationForHome(locale: Locale) {
  const { calls, collections } = await homeCuration(locale, 2, 4, 3);
  return { calls: calls.map((c) => toCallListItem(c, locale)), collections };
}
