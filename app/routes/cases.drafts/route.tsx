// The signed-in member's drafts and unpublished edits (only they see them).
import { pageTitle } from "~/utils/page-meta.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { listDraftsOf } from "~/models/case.server.ts";
import { formatDateTimeWithZone } from "~/utils/format.ts";
import { cleanText } from "~/utils/text.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const drafts = await listDraftsOf(user.id);
  return {
    drafts: drafts.map((d) => ({
      slug: d.slug,
      title: cleanText(d.title || (JSON.parse(d.draft) as { title?: string }).title || ""),
      published: d.revisionNumber > 0,
      savedAt: new Date(d.draftSavedAt).toISOString(),
    })),
    meta: { title: pageTitle(tFor(context.locale)("cases:drafts.title"), tFor(context.locale)("common:appName")) },
  };
}

export default function Drafts() {
  const { drafts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("cases");
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("drafts.title")}</h1>
      {params.get("deleted") ? <p className="notice">{t("delete.done")}</p> : null}
      <p>
        <Link to="/cases/new" className="button">
          {t("list.new")}
        </Link>
      </p>
      {drafts.length === 0 ? <p>{t("drafts.empty")}</p> : null}
      <ul className="plain-list">
        {drafts.map((d) => (
          <li key={d.slug}>
            <Link to={`/cases/${d.slug}/edit`}>{d.title || t("untitled")}</Link>{" "}
            <span className="meta">
              {d.published ? t("drafts.pendingEdits") : t("status.draft")} ·{" "}
              {t("drafts.savedAt", { time: formatDateTimeWithZone(d.savedAt, i18n.language) })}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "robots", content: "noindex" },
];
