import type { Locale } from "~/i18n/config.ts";
import { callTitle, type CallListRow } from "~/models/call.server.ts";
import type { CallListItem } from "./call-list.tsx";

export function toCallListItem(c: CallListRow, locale: Locale): CallListItem {
  return {
    slug: c.slug,
    title: callTitle(c, locale),
    status: c.status,
    deadline: c.deadline.toISOString(),
    submissions: c._count.submissions,
  };
}
