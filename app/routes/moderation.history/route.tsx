// /moderation/history?item=case:<id>|comment:<id>: everything that happened to
// one item — its reports and the moderation actions on it, from the audit log.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { Time } from "~/components/time.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { itemHistory, parseItemKey } from "~/models/moderation.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "review:report:any");
  const parsed = parseItemKey(new URL(request.url).searchParams.get("item") ?? "");
  const history = parsed ? await itemHistory(parsed.type, parsed.id) : null;
  if (!history) throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  return { ...history, meta: { title: `${t("moderation:history.title")} · ${t("appName")}` } };
}

export default function ItemHistory() {
  const { item, reports, audit } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("moderation");
  const title = i18n.language === "en" && item.titleEn ? item.titleEn : item.title;
  return (
    <section aria-labelledby="history-title" className="stack">
      <h1 id="history-title">{t("history.title")}</h1>
      <p>
        <span className="tag">{t(`types.${item.type}`)}</span> <Link to={item.href}>{title}</Link>
      </p>
      {item.excerpt ? <p className="queue-excerpt">{item.excerpt}</p> : null}
      <p className="meta">
        {t("queue.author")} <Link to={`/u/${item.author.username}`}>{item.author.displayName}</Link> ·{" "}
        {t(`states.${item.state}`)}
        {item.locked ? ` · ${t("states.locked")}` : ""}
      </p>
      <h2>{t("history.actions")}</h2>
      {audit.length === 0 ? (
        <p className="meta">{t("history.noActions")}</p>
      ) : (
        <ol className="plain-list">
          {audit.map((a) => (
            <li key={a.id}>
              <Time value={a.createdAt} /> · {a.actor?.displayName ?? t("history.unknownActor")} ·{" "}
              {t(`auditActions.${a.action}`, { defaultValue: a.action })}
              {a.reason ? <p className="queue-note">{a.reason}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <h2>{t("history.reports")}</h2>
      {reports.length === 0 ? (
        <p className="meta">{t("history.noReports")}</p>
      ) : (
        <ol className="plain-list">
          {reports.map((r) => (
            <li key={r.id}>
              <Time value={r.createdAt} /> · {r.reporter.displayName} · {t(`reasons.${r.reason}`)} ·{" "}
              {t(`statuses.${r.status}`)}
              {r.resolution ? ` (${t(`actions.${r.resolution}`)})` : ""}
              {r.note ? <p className="queue-note">{r.note}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <p>
        <Link to="/moderation">{t("queue.back")}</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
