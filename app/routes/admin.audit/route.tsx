// The audit log: who did what to whom, why and when; newest first, filtered by
// action, paged by cursor so pages stay stable while new rows arrive.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { listAudit } from "~/models/audit.server.ts";
import { Time } from "~/components/time.tsx";
import { auditActions, userTargets } from "./actions.server.ts";
import { detailsText } from "./details.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "read:audit:any");
  const url = new URL(request.url);
  const actionParam = url.searchParams.get("action") ?? "";
  const action = /^[a-z][a-z0-9._-]{0,60}$/.test(actionParam) ? actionParam : "";
  const cursor = url.searchParams.get("cursor") || undefined;
  const [page, actions] = await Promise.all([
    listAudit({ cursor, action: action || undefined, take: 50 }),
    auditActions(),
  ]);
  const targets = await userTargets(page.rows.filter((r) => r.targetType === "user").map((r) => r.targetId));
  const t = tFor(context.locale);
  return {
    rows: page.rows.map((r) => ({
      ...r,
      details: safeJson(r.details),
      targetUser: r.targetType === "user" ? (targets[r.targetId] ?? null) : null,
    })),
    nextCursor: page.nextCursor,
    cursor: cursor ?? null,
    action,
    actions,
    meta: { title: `${t("admin:audit.title")} · ${t("appName")}` },
  };
}

function safeJson(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export default function AuditLog() {
  const { rows, nextCursor, cursor, action, actions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("admin");
  const actionLabel = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });
  const nextParams = new URLSearchParams();
  if (action) nextParams.set("action", action);
  if (nextCursor) nextParams.set("cursor", nextCursor);
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters" aria-label={t("audit.filterLabel")}>
        <div className="field">
          <label htmlFor="audit-action">{t("audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={action} key={action}>
            <option value="">{t("audit.allActions")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("audit.apply")}</button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("audit.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.who")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Time value={r.createdAt} />
                  </td>
                  <td>{r.actor ? `${r.actor.displayName} (@${r.actor.username})` : t("audit.system")}</td>
                  <td>
                    <code>{actionLabel(r.action)}</code>
                  </td>
                  <td className="break">
                    {r.targetUser ? (
                      <Link to={`/admin/users?manage=${r.targetId}`}>
                        {r.targetUser.displayName} (@{r.targetUser.username})
                      </Link>
                    ) : (
                      `${r.targetType}:${r.targetId}`
                    )}
                    {r.details ? (
                      <div className="meta">{detailsText(r.details, t, i18n.language === "en" ? ": " : "：")}</div>
                    ) : null}
                  </td>
                  <td className="break">{r.reason ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label={t("common:pagination.label")}>
        {cursor ? (
          <Link to={action ? `/admin/audit?action=${encodeURIComponent(action)}` : "/admin/audit"}>
            {t("pager.first")}
          </Link>
        ) : null}
        {nextCursor ? <Link to={`/admin/audit?${nextParams}`}>{t("pager.older")}</Link> : null}
      </nav>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
