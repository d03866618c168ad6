// /collections/new — ministry staff start a typical-case collection (a draft).
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { CollectionForm } from "~/features/collections/collection-form.tsx";
import { callChoices, parseCollectionForm } from "~/features/collections/collection-form.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { callTitle } from "~/models/call.server.ts";
import { CollectionFormSchema } from "~/models/collection-input.ts";
import { createCollection } from "~/models/collection.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { routeMeta } from "~/utils/page-meta.ts";

export const links = () => editorLinks();

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:collection:any");
  const t = tFor(context.locale);
  const calls = await callChoices();
  const from = new URL(request.url).searchParams.get("call") ?? "";
  return {
    calls: calls.map((c) => ({ id: c.id, title: callTitle(c, context.locale) })),
    callId: calls.some((c) => c.id === from) ? from : "",
    meta: { title: `${t("collections:form.newTitle")} · ${t("common:appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "manage:collection:any");
  const form = await readForm(request, CollectionFormSchema);
  const { submission, input } = await parseCollectionForm(form);
  if (!input) return data({ result: submission.reply() as SubmissionResult<string[]> }, { status: 400 });
  const created = await createCollection(user, input);
  return redirect(`/collections/${created.slug}/edit`);
}

export default function NewCollection() {
  const { calls, callId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("collections");
  return (
    <section className="form-card" aria-labelledby="collection-new-title">
      <h1 id="collection-new-title">{t("form.newTitle")}</h1>
      <p className="field-hint">{t("form.newIntro")}</p>
      <CollectionForm
        lastResult={actionData?.result}
        calls={calls}
        submitLabel={t("form.create")}
        defaults={{
          title: "",
          titleEn: "",
          introduction: "",
          introductionEn: "",
          publishDate: "",
          featured: false,
          callId,
        }}
      />
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
