// /admin/site — administrators override the footer's filing numbers, contact
// address and policy links; an empty field falls back to the environment's
// default (app/models/site-footer.server.ts). Audited.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { FormErrors, TextField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { footerDefaults, footerOverrides, saveFooterOverrides } from "~/models/site-footer.server.ts";
import { FOOTER_FIELD_MAX, FOOTER_FIELDS, footerOverridesSchema } from "~/models/site-footer.ts";
import { readForm } from "~/utils/form-body.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:settings:any");
  const t = tFor(context.locale);
  return {
    defaults: footerDefaults(),
    overrides: await footerOverrides(),
    saved: new URL(request.url).searchParams.get("notice") === "saved",
    meta: { title: `${t("privacy:admin.title")} · ${t("common:appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "manage:settings:any");
  const submission = parseWithZod(await readForm(request, footerOverridesSchema), { schema: footerOverridesSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await saveFooterOverrides(user.id, submission.value);
  throw redirect("/admin/site?notice=saved");
}

export default function AdminSitePage() {
  const { defaults, overrides, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("privacy");
  const [form, fields] = useForm({
    id: "admin-site",
    lastResult: actionData?.result,
    defaultValue: overrides,
    constraint: getZodConstraint(footerOverridesSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: footerOverridesSchema }),
  });
  return (
    <div className="form-card">
      <h1>{t("admin.title")}</h1>
      {saved ? (
        <p className="notice" role="status">
          {t("admin.saved")}
        </p>
      ) : null}
      <p>{t("admin.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        {FOOTER_FIELDS.map((name) => (
          <TextField
            key={name}
            field={fields[name]}
            label={t(`admin.fields.${name}`)}
            type={name === "contactEmail" ? "email" : "text"}
            maxLength={FOOTER_FIELD_MAX}
            hint={defaults[name] ? t("admin.default", { value: defaults[name] }) : t("admin.defaultNone")}
          />
        ))}
        <button type="submit">{t("admin.submit")}</button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
