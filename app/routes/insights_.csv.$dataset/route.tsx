// GET /insights/csv/:dataset?from=&to= — one table of the dashboard as CSV (UTF-8
// with a byte order mark, so Excel and WPS read the Chinese correctly), with the
// page's column names in the reader's language. Ministry staff and admins only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { requirePermission } from "~/auth/guards.server.ts";
import { insightTables, isDataset, toCsv } from "~/features/insights/tables.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { loadInsights } from "~/models/insights.server.ts";
import { defaultRange, RangeSchema } from "~/models/insights-range.ts";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(context, request, "read:insights:any");
  const t = tFor(context.locale);
  if (!isDataset(params.dataset)) throw new Response(t("insights:errors.unknownDataset"), { status: 404 });
  const url = new URL(request.url);
  const asked = url.searchParams.has("from") || url.searchParams.has("to");
  const submission = asked ? parseWithZod(url.searchParams, { schema: RangeSchema }) : null;
  if (submission && submission.status !== "success") {
    const messages = Object.values(submission.error ?? {})
      .flat()
      .map((key) => t(key ?? ""));
    return new Response(messages.join("\n"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const range = submission?.status === "success" ? submission.value : defaultRange();
  const table = insightTables(await loadInsights(range), context.locale)[params.dataset];
  return new Response(toCsv(table), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="insights-${table.id}-${range.from}-${range.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
