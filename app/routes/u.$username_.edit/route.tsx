import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type AppLoadContext,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { FormErrors, TextareaField, TextField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { profileByUsername, updateProfile } from "~/models/user.server.ts";
import { PROFILE_BIO_MAX, PROFILE_TITLE_MAX, profileBioField, profileTitleField } from "~/models/profile-fields.ts";
import { DISPLAY_NAME_MAX, displayNameField } from "~/auth/account-fields.ts";
import { readForm } from "~/utils/form-body.server.ts";

const schema = z.object({ displayName: displayNameField, title: profileTitleField, bio: profileBioField });

/** The profile, if the signed-in user may edit it: its owner or an admin. Anyone else gets 403. */
async function editableProfile(context: AppLoadContext, request: Request, username: string | undefined) {
  const viewer = requireUser(context, request);
  const profile = await profileByUsername(username ?? "");
  if (!profile) throw new Response("Not found", { status: 404 });
  const allowed = viewer.id === profile.id ? can(viewer, "update:user:own") : can(viewer, "update:user:any");
  if (!allowed) throw forbidden("permission");
  return { viewer, profile };
}

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const { profile } = await editableProfile(context, request, params.username);
  const t = tFor(context.locale);
  return {
    username: profile.username,
    displayName: profile.displayName,
    title: profile.title,
    bio: profile.bio,
    meta: { title: `${t("account:edit.title", { name: profile.displayName })} · ${t("common:appName")}` },
  };
}

export async function action({ params, context, request }: ActionFunctionArgs) {
  const { viewer, profile } = await editableProfile(context, request, params.username);
  const submission = parseWithZod(await readForm(request, schema), { schema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await updateProfile(viewer.id, profile.id, submission.value);
  return redirect(`/u/${profile.username}?notice=saved`);
}

export default function EditProfilePage() {
  const { username, displayName, title, bio } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("account");
  const { t: tp } = useTranslation("profile");
  const [form, fields] = useForm({
    id: "edit-profile",
    lastResult: actionData?.result,
    defaultValue: { displayName, title, bio },
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <div className="form-card">
      <h1>{t("edit.title", { name: displayName })}</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField
          field={fields.displayName}
          label={t("edit.displayName")}
          autoComplete="off"
          maxLength={DISPLAY_NAME_MAX}
          hint={t("edit.displayNameHint")}
        />
        <TextField
          field={fields.title}
          label={tp("edit.title")}
          autoComplete="organization-title"
          maxLength={PROFILE_TITLE_MAX}
          hint={tp("edit.titleHint")}
        />
        <TextareaField
          field={fields.bio}
          label={tp("edit.bio")}
          maxLength={PROFILE_BIO_MAX}
          hint={tp("edit.bioHint")}
          rows={6}
        />
        <p className="actions">
          <button type="submit">{t("edit.submit")}</button>
          <Link to={`/u/${username}`}>{t("edit.cancel")}</Link>
        </p>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
