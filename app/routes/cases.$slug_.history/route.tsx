import { pageTitle } from "~/utils/page-meta.ts";
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import {
  caseTextFor,
  findCaseBySlug,
  getPublishedCase,
  getRevisionContents,
  listRevisions,
} from "~/models/case.server.ts";
import { listTopics, topicName } from "~/models/topic.server.ts";
import { diffContents } from "./diff.server.ts";
import { formatDateTimeWithZone } from "~/utils/format.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const found = params.slug ? await findCaseBySlug(params.slug) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  if (found.redirectTo) throw redirect(`/cases/${found.redirectTo}/history${new URL(request.url).search}`, 301);
  const c = await getPublishedCase(found.id);
  const user = context.user;
  const moderator = can(user, "hide:case:any");
  if (!c || (c.deletedAt && !moderator) || (c.status === "hidden" && !moderator && c.authorId !== user?.id)) {
    throw new Response("Not found", { status: 404 });
  }
  const revisions = await listRevisions(c.id);
  const url = new URL(request.url);
  const latest = revisions[0]?.number ?? 1;
  const to = Math.min(Number(url.searchParams.get("to")) || latest, latest);
  const from = Math.max(1, Math.min(Number(url.searchParams.get("from")) || to - 1, latest));
  let diff = null;
  if (revisions.length > 1 && from !== to) {
    const [topics, contents] = await Promise.all([listTopics(), getRevisionContents(c.id, [from, to])]);
    const a = contents.find((r) => r.number === from);
    const b = contents.find((r) => r.number === to);
    const names = new Map(topics.map((t) => [t.slug, topicName(t, context.locale)]));
    if (a && b) diff = diffContents(a.content, b.content, (s) => names.get(s) ?? s);
  }
  const t = tFor(context.locale);
  // In the reader's language (issue 12.3): the translation or English title when there is one.
  const text = caseTextFor(c, context.locale);
  return {
    case: { slug: c.slug, title: text.title, titleLang: text.titleLang },
    revisions: revisions.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
    from,
    to,
    diff,
    meta: { title: pageTitle(`${t("cases:history.title")} · ${text.title}`, t("common:appName")) },
  };
}

export default function History() {
  const { case: c, revisions, from, to, diff } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("cases");
  return (
    <>
      <p className="meta">
        <Link to={`/cases/${c.slug}`}>
          ← <span lang={c.titleLang !== i18n.language ? c.titleLang : undefined}>{c.title}</span>
        </Link>
      </p>
      <h1>{t("history.title")}</h1>
      <Form method="get" className="history-form">
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("history.revisions")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("history.revision")}</th>
                <th scope="col">{t("history.from")}</th>
                <th scope="col">{t("history.to")}</th>
                <th scope="col">{t("history.editor")}</th>
                <th scope="col">{t("history.when")}</th>
                <th scope="col">{t("history.note")}</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.id}>
                  <td>#{r.number}</td>
                  <td>
                    <input
                      type="radio"
                      name="from"
                      value={r.number}
                      defaultChecked={r.number === from}
                      aria-label={t("history.fromN", { n: r.number })}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="to"
                      value={r.number}
                      defaultChecked={r.number === to}
                      aria-label={t("history.toN", { n: r.number })}
                    />
                  </td>
                  <td>
                    <Link to={`/u/${r.editor.username}`}>{r.editor.displayName}</Link>
                  </td>
                  <td>
                    <time dateTime={r.createdAt}>{formatDateTimeWithZone(r.createdAt, i18n.language)}</time>
                  </td>
                  <td>{r.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {revisions.length > 1 ? <button type="submit">{t("history.compare")}</button> : <p>{t("history.onlyOne")}</p>}
      </Form>
      {diff ? (
        <section aria-labelledby="diff-title" className="diff">
          <h2 id="diff-title">{t("history.diffTitle", { from, to })}</h2>
          {diff.filter((f) => f.changed).length === 0 ? <p>{t("history.noChanges")}</p> : null}
          {diff
            .filter((f) => f.changed)
            .map((f) => (
              <div key={f.field} className="diff-field">
                <h3>{t(`history.fields.${f.field}`)}</h3>
                <p className="diff-text">
                  {f.parts.map((p, i) =>
                    p.op === "add" ? (
                      <ins key={i}>{p.text}</ins>
                    ) : p.op === "del" ? (
                      <del key={i}>{p.text}</del>
                    ) : (
                      <span key={i}>{p.text}</span>
                    ),
                  )}
                </p>
              </div>
            ))}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "robots", content: "noindex" },
];
