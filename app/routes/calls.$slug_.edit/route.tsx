// /calls/:slug/edit — ministry staff edit a call (any status but decided).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SubmissionResult } from "@conform-to/react";
import { requirePermission } from "~/auth/guards.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { CallForm } from "~/features/calls/call-form.tsx";
import { parseCallForm } from "~/features/calls/call-form.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { CallFormSchema } from "~/models/call-input.ts";
import { getCallBySlug, updateCall } from "~/models/call.server.ts";
import { listTopics, topicName } from "~/models/topic.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { toBeijingLocal } from "~/utils/beijing-time.ts";
import { routeMeta } from "~/utils/page-meta.ts";

export const links = () => editorLinks();

async function load(slug: string | undefined) {
  const call = slug ? await getCallBySlug(slug) : null;
  if (!call) throw new Response("Not found", { status: 404 });
  return call;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:call:any");
  const call = await load(params.slug);
  const t = tFor(context.locale);
  const topics = await listTopics();
  const callTopicIds = new Set(call.topics.map((x) => x.topicId));
  return {
    slug: call.slug,
    topics: topics.map((tp) => ({ slug: tp.slug, name: topicName(tp, context.locale) })),
    defaults: {
      title: call.title,
      titleEn: call.titleEn ?? "",
      description: call.description,
      descriptionEn: call.descriptionEn ?? "",
      topics: topics.filter((tp) => callTopicIds.has(tp.id)).map((tp) => tp.slug),
      industries: call.industries ? call.industries.split(",") : [],
      deadline: toBeijingLocal(call.deadline),
    },
    meta: { title: `${t("calls:form.editTitle")} · ${t("common:appName")}` },
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "manage:call:any");
  const call = await load(params.slug);
  const form = await readForm(request, CallFormSchema);
  const { submission, input } = parseCallForm(form);
  if (!input) return data({ result: submission.reply() as SubmissionResult<string[]> }, { status: 400 });
  await updateCall(user, call.id, input);
  return redirect(`/calls/${call.slug}`);
}

export default function EditCall() {
  const { slug, topics, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("calls");
  return (
    <section className="form-card" aria-labelledby="call-edit-title">
      <p className="meta">
        <Link to={`/calls/${slug}`}>{t("form.back")}</Link>
      </p>
      <h1 id="call-edit-title">{t("form.editTitle")}</h1>
      <CallForm lastResult={actionData?.result} topics={topics} submitLabel={t("form.save")} defaults={defaults} />
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
