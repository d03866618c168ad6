// /admin/bases/new — an admin adds a base to the registry (audit-logged).
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { BaseForm, BaseFormSchema, formToFields } from "~/features/registry/base-form.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { checkBaseFields } from "~/models/base-import.server.ts";
import { createBase } from "~/models/base-registry.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:base:any");
  const t = tFor(context.locale);
  return { meta: { title: `${t("registry:form.newTitle")} · ${t("appName")}` } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(context, request, "manage:base:any");
  const formData = await readForm(request, BaseFormSchema, ["intent"]);
  const submission = parseWithZod(formData, { schema: BaseFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const checked = checkBaseFields(formToFields(submission.value), null);
  if (!checked.ok) {
    // The schema and the row check agree; this is a guard, not an expected path.
    return data({ result: submission.reply({ formErrors: ["registry:errors.required"] }) }, { status: 400 });
  }
  const result = await createBase(admin, checked.record);
  if (!result.ok) {
    const field = result.error === "code-taken" ? "code" : result.error === "slug-taken" ? "code" : "";
    const message = result.error === "code-taken" ? "registry:errors.codeTaken" : "registry:errors.slugTaken";
    return data(
      { result: submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }) },
      { status: 409 },
    );
  }
  throw redirect("/admin/bases?done=created");
}

export default function NewBase() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("registry");
  return (
    <>
      <h1>{t("form.newTitle")}</h1>
      <BaseForm lastResult={actionData?.result} submitLabel={t("form.create")} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
