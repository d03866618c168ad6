// What the home page shows of the ministry's curation: open calls for cases and
// featured typical-case collections with their first cases.
import type { Locale } from "~/i18n/config.ts";
import { openCalls } from "~/models/call.server.ts";
import { featuredCollections } from "~/models/collection.server.ts";
import { toCallListItem } from "~/features/calls/call-list.server.ts";

export async function curationForHome(locale: Locale) {
  const [calls, collections] = await Promise.all([openCalls(3), featuredCollections(locale, 2, 4)]);
  return { calls: calls.map((c) => toCallListItem(c, locale)), collections };
}
