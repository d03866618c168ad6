// Admins manage the topic list (zh and en names). Renaming a topic refreshes
// the search documents of every case filed under it.
import { pageTitle } from "~/utils/page-meta.ts";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server.ts";
import { ErrorList, FormErrors } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { createTopic, topicsWithCounts, updateTopic } from "~/models/topic.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatNumber } from "~/utils/format.ts";
import { readForm } from "~/utils/form-body.server.ts";

const TopicSchema = z.object({
  id: z.string().max(40).optional(),
  slug: z
    .string({ required_error: "cases:errors.slugRequired" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "cases:errors.slugInvalid")
    .max(60, "cases:errors.tooLong"),
  nameZh: z
    .string({ required_error: "cases:errors.nameRequired" })
    .trim()
    .min(1, "cases:errors.nameRequired")
    .max(40, "cases:errors.tooLong"),
  nameEn: z
    .string({ required_error: "cases:errors.nameRequired" })
    .trim()
    .min(1, "cases:errors.nameRequired")
    .max(60, "cases:errors.tooLong"),
  position: z.coerce.number().int().min(0).max(999).optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:topic:any");
  return {
    topics: await topicsWithCounts(),
    meta: { title: pageTitle(tFor(context.locale)("cases:topicsAdmin.title"), tFor(context.locale)("common:appName")) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "manage:topic:any");
  const formData = await readForm(request, TopicSchema);
  const submission = await parseWithZod(formData, {
    schema: TopicSchema.superRefine(async (v, ctx) => {
      const clash = await prisma.topic.findUnique({ where: { slug: v.slug }, select: { id: true } });
      if (clash && clash.id !== v.id)
        ctx.addIssue({ code: "custom", path: ["slug"], message: "cases:errors.slugTaken" });
    }),
    async: true,
  });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { id, slug, ...rest } = submission.value;
  if (id) await updateTopic(user.id, id, rest);
  else await createTopic(user.id, { slug, ...rest });
  throw redirect("/admin/topics");
}

export default function AdminTopics() {
  const { topics } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("cases");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(TopicSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TopicSchema }),
  });
  return (
    <>
      <h1>{t("topicsAdmin.title")}</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("topicsAdmin.slug")}</th>
              <th scope="col">{t("topicsAdmin.nameZh")}</th>
              <th scope="col">{t("topicsAdmin.nameEn")}</th>
              <th scope="col">{t("topicsAdmin.cases")}</th>
              <th scope="col">{t("topicsAdmin.rename")}</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((tp) => (
              <tr key={tp.id}>
                <td>{tp.slug}</td>
                <td lang="zh-CN">{tp.nameZh}</td>
                <td lang="en">{tp.nameEn}</td>
                <td>{formatNumber(tp.count, i18n.language)}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={tp.id} />
                    <input type="hidden" name="slug" value={tp.slug} />
                    <label className="sr-only" htmlFor={`zh-${tp.id}`}>
                      {t("topicsAdmin.nameZh")}
                    </label>
                    <input id={`zh-${tp.id}`} name="nameZh" defaultValue={tp.nameZh} maxLength={40} required />
                    <label className="sr-only" htmlFor={`en-${tp.id}`}>
                      {t("topicsAdmin.nameEn")}
                    </label>
                    <input id={`en-${tp.id}`} name="nameEn" defaultValue={tp.nameEn} maxLength={60} required />
                    <button type="submit" className="button-small">
                      {t("common:form.save")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("topicsAdmin.add")}</h2>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors errors={form.errors} />
        {(["slug", "nameZh", "nameEn"] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={fields[name].id}>{t(`topicsAdmin.${name}`)}</label>
            <input {...getInputProps(fields[name], { type: "text" })} key={fields[name].key} />
            <ErrorList id={fields[name].errorId} errors={fields[name].errors} />
          </div>
        ))}
        <button type="submit">{t("topicsAdmin.add")}</button>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
