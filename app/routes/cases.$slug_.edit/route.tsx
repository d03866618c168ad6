import { pageTitle } from "~/utils/page-meta.ts";
import {
  data,
  type LinksFunction,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { CaseError, discardDraft, findCaseBySlug, getCaseForEditing } from "~/models/case.server.ts";
import type { CaseContent } from "~/models/case-content.ts";
import { CaseForm, type CasePreview } from "~/features/case-form/case-form.tsx";
import { caseFormData } from "~/features/case-form/editor-data.server.ts";
import { parseCaseForm, readCaseForm, saveCaseForm } from "~/features/case-form/form.server.ts";
import {
  ATTACHMENT_ACCEPT,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_CASE,
  listAttachments,
} from "~/models/attachment.server.ts";
import { AttachmentsEditor } from "./attachments.tsx";
import { caseActionResponse, casePreviewResponse } from "~/features/case-form/respond.server.ts";

/** The English title for English readers of a Chinese case, when the author gave one. */
function readerTitle(content: CaseContent, locale: string): string {
  const own = content.contentLanguage ?? "zh-CN";
  return locale === "en" && own !== "en" && content.titleEn ? content.titleEn : content.title;
}

/** The case as this user may edit it (the model decides: drafts are the author's alone). */
async function loadEditable(slug: string | undefined, user: { id: string; role: string }) {
  const found = slug ? await findCaseBySlug(slug) : null;
  try {
    const c = found ? await getCaseForEditing(found.id, user) : null;
    if (!c) throw new Response("Not found", { status: 404 });
    return c;
  } catch (e) {
    if (e instanceof CaseError && e.code === "forbidden") throw forbidden("case");
    throw e;
  }
}

// The editor stylesheet is linked only on pages with an editor.
export const links: LinksFunction = () => editorLinks();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const c = await loadEditable(params.slug, user);
  const t = tFor(context.locale);
  return {
    case: {
      id: c.id,
      slug: c.slug,
      published: c.revisionNumber > 0,
      // Only the author has a working copy: anyone else edits the published text.
      ownDraft: c.mode === "author",
      hasPendingDraft: c.mode === "author" && c.hasPendingDraft,
      version: c.version,
      savedAt: new Date(c.savedAt).toISOString(),
      content: c.content,
    },
    form: await caseFormData(user, context.locale, c.content, c.baseId),
    attachments: {
      list: await listAttachments(c.id),
      maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
      maxCount: MAX_ATTACHMENTS_PER_CASE,
      accept: ATTACHMENT_ACCEPT,
    },
    meta: {
      // The title in the reader's language when the case has one (issue 12.3).
      title: pageTitle(
        `${t("cases:edit.title")} · ${readerTitle(c.content, context.locale) || t("cases:untitled")}`,
        t("common:appName"),
      ),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const c = await loadEditable(params.slug, user);
  const formData = await readCaseForm(request);
  if (formData.get("intent") === "discard") {
    await discardDraft(c.id, user);
    throw redirect(`/cases/${c.slug}`);
  }
  const parsed = parseCaseForm(formData);
  if (!parsed.ok) return data({ result: parsed.reply, conflict: null }, { status: 400 });
  if (parsed.intent === "preview") return casePreviewResponse(parsed);
  return caseActionResponse(await saveCaseForm(user, c.id, parsed), parsed, c.slug);
}

export default function EditCase() {
  const { case: c, form, attachments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("cases");
  return (
    <>
      <nav aria-label={t("edit.breadcrumb")} className="meta">
        {c.published ? <Link to={`/cases/${c.slug}`}>{t("edit.viewPublished")}</Link> : t("status.draft")}
        {" · "}
        <Link to="/cases/drafts">{t("drafts.title")}</Link>
      </nav>
      <h1>{c.published ? t("edit.title") : t("edit.draftTitle")}</h1>
      {c.published && c.hasPendingDraft ? <p className="notice">{t("edit.pendingNotice")}</p> : null}
      <CaseForm
        caseId={c.id}
        clientKey=""
        version={c.version}
        savedAt={c.savedAt}
        published={c.published}
        content={c.content}
        lastResult={actionData?.result}
        conflict={actionData?.conflict}
        preview={actionData && "preview" in actionData ? (actionData.preview as CasePreview) : null}
        draftsAllowed={c.ownDraft}
        {...form}
      />
      <AttachmentsEditor
        caseId={c.id}
        attachments={attachments.list}
        maxMb={attachments.maxMb}
        maxCount={attachments.maxCount}
        accept={attachments.accept}
      />
      {c.published && c.hasPendingDraft ? (
        <form method="post" className="actions no-print">
          <button type="submit" name="intent" value="discard" className="link-button">
            {t("edit.discard")}
          </button>
        </form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "robots", content: "noindex" },
];
