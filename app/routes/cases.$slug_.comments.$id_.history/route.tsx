// The edit history of a comment, for moderators (read:comment-history:any).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { Time } from "~/components/time.tsx";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { getCommentHistory } from "~/models/comment.server.ts";

export const links = () => editorLinks();

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "read:comment-history:any");
  const c = params.id ? await getCommentHistory(params.id) : null;
  if (!c || c.case.slug !== params.slug) throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  return {
    comment: {
      id: c.id,
      html: c.html,
      deleted: Boolean(c.deletedAt),
      hiddenReason: c.hiddenAt ? (c.hiddenReason ?? "") : null,
      createdAt: new Date(c.createdAt).toISOString(),
      editedAt: c.editedAt ? new Date(c.editedAt).toISOString() : null,
      author: c.author,
      caseSlug: c.case.slug,
      caseTitle: c.case.title,
    },
    revisions: c.revisions.map((r) => ({
      id: r.id,
      html: r.html,
      createdAt: new Date(r.createdAt).toISOString(),
      editor: r.editor,
    })),
    meta: { title: `${t("discussion:history.title")} · ${t("common:appName")}` },
  };
}

export default function CommentHistory() {
  const { comment: c, revisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation("discussion");
  return (
    <article className="comment-history" aria-labelledby="history-title">
      <h1 id="history-title">{t("history.title")}</h1>
      <p>
        <Link to={`/cases/${c.caseSlug}?comment=${c.id}#c-${c.id}`}>{t("history.back")}</Link> · {c.caseTitle} ·{" "}
        <Link to={`/u/${c.author.username}`}>{c.author.displayName}</Link>
      </p>
      <section aria-labelledby="current-title">
        <h2 id="current-title">{t("history.current")}</h2>
        {c.deleted ? <p className="comment-placeholder">{t("comment.deleted")}</p> : null}
        {c.hiddenReason !== null ? (
          <p className="comment-placeholder">{t("comment.hiddenReason", { reason: c.hiddenReason })}</p>
        ) : null}
        {c.html ? <div className="rich-text" dangerouslySetInnerHTML={{ __html: c.html }} /> : null}
      </section>
      {revisions.length === 0 ? <p>{t("history.none")}</p> : null}
      <ol className="plain-list revision-list">
        {revisions.map((r) => (
          <li key={r.id}>
            <h2 className="revision-title">
              {t("history.version", { name: r.editor.displayName })} <Time value={r.createdAt} />
            </h2>
            <div className="rich-text" dangerouslySetInnerHTML={{ __html: r.html }} />
          </li>
        ))}
      </ol>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
