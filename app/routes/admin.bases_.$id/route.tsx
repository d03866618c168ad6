// /admin/bases/:id — an admin edits a base, or retires / brings it back. Every
// change is audit-logged; a new name reaches the search index of the base's cases
// (outbox). Retiring keeps the cases and the page; the base leaves the
// affiliation picker.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server.ts";
import { FormErrors, TextareaField } from "~/components/forms.tsx";
import { Time } from "~/components/time.tsx";
import { BaseForm, BaseFormSchema, formToFields } from "~/features/registry/base-form.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { checkBaseFields } from "~/models/base-import.server.ts";
import { getRegistryBase, setBaseRetired, updateBase } from "~/models/base-registry.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

const RetireSchema = z.object({
  intent: z.enum(["retire", "unretire"]),
  reason: z.string().trim().max(500, "registry:errors.tooLong").optional(),
});

const ActionSchema = z.union([BaseFormSchema.extend({ intent: z.literal("save") }), RetireSchema]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:base:any");
  const t = tFor(context.locale);
  const base = await getRegistryBase(String(params.id ?? "").slice(0, 40));
  if (!base) {
    throw new Response(JSON.stringify({ message: t("registry:errors.notFound") }), {
      status: 404,
      headers: { "Content-Type": "application/json" },
    });
  }
  const name = context.locale === "en" ? base.nameEn : base.nameZh;
  return { base, meta: { title: `${t("registry:form.editTitle", { name })} · ${t("appName")}` } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = requirePermission(context, request, "manage:base:any");
  const id = String(params.id ?? "").slice(0, 40);
  const formData = await readForm(request, ActionSchema);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "retire" || intent === "unretire") {
    const submission = parseWithZod(formData, { schema: RetireSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const result = await setBaseRetired(admin, id, intent === "retire", submission.value.reason ?? "");
    if (!result.ok) {
      const status = result.error === "not-found" ? 404 : 400;
      return data(
        {
          intent,
          result: submission.reply({
            formErrors: [`registry:errors.${result.error === "not-found" ? "notFound" : "unchanged"}`],
          }),
        },
        { status },
      );
    }
    throw redirect(`/admin/bases?done=${intent === "retire" ? "retired" : "unretired"}`);
  }
  const submission = parseWithZod(formData, { schema: BaseFormSchema });
  if (submission.status !== "success") return data({ intent: "save", result: submission.reply() }, { status: 400 });
  const checked = checkBaseFields(formToFields(submission.value), null);
  if (!checked.ok) {
    return data(
      { intent: "save", result: submission.reply({ formErrors: ["registry:errors.required"] }) },
      { status: 400 },
    );
  }
  const result = await updateBase(admin, id, checked.record);
  if (!result.ok) {
    const status = result.error === "not-found" ? 404 : result.error === "code-taken" ? 409 : 400;
    const reply =
      result.error === "code-taken"
        ? submission.reply({ fieldErrors: { code: ["registry:errors.codeTaken"] } })
        : submission.reply({
            formErrors: [result.error === "not-found" ? "registry:errors.notFound" : "registry:errors.unchanged"],
          });
    return data({ intent: "save", result: reply }, { status });
  }
  throw redirect("/admin/bases?done=saved");
}

function RetireForm({ retiredAt }: { retiredAt: string | Date | null }) {
  const { t } = useTranslation("registry");
  const actionData = useActionData<typeof action>();
  const intent = retiredAt ? "unretire" : "retire";
  const [form, fields] = useForm({
    id: "retire-form",
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RetireSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form-card" aria-labelledby="retire-title">
      <h2 id="retire-title">{retiredAt ? t("form.unretireTitle") : t("form.retireTitle")}</h2>
      <FormErrors errors={form.errors} />
      {retiredAt ? (
        <p>
          {t("form.retiredSince")} <Time value={retiredAt} withTime={false} />
        </p>
      ) : (
        <p className="meta">{t("form.retireHint")}</p>
      )}
      <TextareaField field={fields.reason} label={t("form.retireReason")} maxLength={500} rows={2} />
      <button type="submit" name="intent" value={intent} className={retiredAt ? undefined : "button-danger"}>
        {retiredAt ? t("form.unretire") : t("form.retire")}
      </button>
    </Form>
  );
}

export default function EditBase() {
  const { base } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("registry");
  const name = i18n.language === "en" ? base.nameEn : base.nameZh;
  return (
    <>
      <h1>{t("form.editTitle", { name })}</h1>
      <BaseForm
        key={base.code}
        lastResult={actionData?.intent === "save" ? actionData.result : undefined}
        defaultValue={base}
        submitLabel={t("form.save")}
      />
      <RetireForm key={base.retiredAt ? "r" : "a"} retiredAt={base.retiredAt} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
