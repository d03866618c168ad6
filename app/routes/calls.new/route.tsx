// /calls/new — ministry staff draft a call for cases (opened from its page).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SubmissionResult } from "@conform-to/react";
import { requirePermission } from "~/auth/guards.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { CallForm } from "~/features/calls/call-form.tsx";
import { parseCallForm } from "~/features/calls/call-form.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { CallFormSchema } from "~/models/call-input.ts";
import { createCall } from "~/models/call.server.ts";
import { listTopics, topicName } from "~/models/topic.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { toBeijingLocal } from "~/utils/beijing-time.ts";
import { routeMeta } from "~/utils/page-meta.ts";

export const links = () => editorLinks();

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:call:any");
  const t = tFor(context.locale);
  const topics = await listTopics();
  // A month from now, at 17:00 Beijing time, as a starting point.
  const deadline = `${toBeijingLocal(new Date(Date.now() + 30 * 86400_000)).slice(0, 10)}T17:00`;
  return {
    topics: topics.map((tp) => ({ slug: tp.slug, name: topicName(tp, context.locale) })),
    deadline,
    meta: { title: `${t("calls:form.newTitle")} · ${t("common:appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "manage:call:any");
  const form = await readForm(request, CallFormSchema);
  const { submission, input } = parseCallForm(form);
  if (!input) return data({ result: submission.reply() as SubmissionResult<string[]> }, { status: 400 });
  const call = await createCall(user, input);
  return redirect(`/calls/${call.slug}`);
}

export default function NewCall() {
  const { topics, deadline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("calls");
  return (
    <section className="form-card" aria-labelledby="call-new-title">
      <h1 id="call-new-title">{t("form.newTitle")}</h1>
      <p className="field-hint">{t("form.newIntro")}</p>
      <CallForm
        lastResult={actionData?.result}
        topics={topics}
        submitLabel={t("form.create")}
        defaults={{
          title: "",
          titleEn: "",
          description: "",
          descriptionEn: "",
          topics: [],
          industries: [],
          deadline,
        }}
      />
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
