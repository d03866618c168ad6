// A new case. The form is the edit page's (cases.$slug_.edit/case-form.tsx); the
// first save creates the draft, identified by this page's clientKey so a
// double-submitted form still makes one case.
import { pageTitle } from "~/utils/page-meta.ts";
import {
  data,
  type LinksFunction,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server.ts";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { CaseForm, type CasePreview } from "~/features/case-form/case-form.tsx";
import { caseFormData } from "~/features/case-form/editor-data.server.ts";
import { parseCaseForm, readCaseForm, saveCaseForm } from "~/features/case-form/form.server.ts";
import { caseActionResponse, casePreviewResponse } from "~/features/case-form/respond.server.ts";

// The editor stylesheet is linked only on pages with an editor.
export const links: LinksFunction = () => editorLinks();

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const content = emptyContent();
  return {
    clientKey: crypto.randomUUID(),
    content,
    form: await caseFormData(user, context.locale, content, null),
    meta: { title: pageTitle(tFor(context.locale)("cases:new.title"), tFor(context.locale)("common:appName")) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = parseCaseForm(await readCaseForm(request));
  if (!parsed.ok) return data({ result: parsed.reply, conflict: null }, { status: 400 });
  if (parsed.intent === "preview") return casePreviewResponse(parsed);
  return caseActionResponse(await saveCaseForm(user, null, parsed), parsed, null);
}

export default function NewCase() {
  const { clientKey, content, form } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("cases");
  return (
    <>
      <h1>{t("new.title")}</h1>
      <p className="meta">{t("new.intro")}</p>
      <CaseForm
        caseId={null}
        clientKey={clientKey}
        version={0}
        savedAt={null}
        published={false}
        content={content}
        lastResult={actionData?.result}
        conflict={actionData?.conflict}
        preview={actionData && "preview" in actionData ? (actionData.preview as CasePreview) : null}
        {...form}
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "robots", content: "noindex" },
];
