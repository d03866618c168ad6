// Member administration for admins: search members, change a role, suspend and
// unsuspend. Every change needs a reason and lands in the audit log.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { forbidden, requirePermission } from "~/auth/guards.server.ts";
import { can, ROLES } from "~/auth/permissions.ts";
import { ErrorList, FormErrors, TextareaField } from "~/components/forms.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { getUserForAdmin, searchUsers, setRole, suspendUser, unsuspendUser } from "~/models/user-admin.server.ts";
import { Pager } from "~/components/pager.tsx";
import { Time } from "~/components/time.tsx";
import { UserActionSchema } from "./schema.ts";
import { readForm } from "~/utils/form-body.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requirePermission(context, request, "update:role:any");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.slice(0, 100) ?? "";
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  const manageId = url.searchParams.get("manage");
  const t = tFor(context.locale);
  const [list, managed] = await Promise.all([
    searchUsers({ q, page }),
    manageId ? getUserForAdmin(manageId) : Promise.resolve(null),
  ]);
  return {
    ...list,
    q,
    managed,
    selfId: admin.id,
    canSuspend: can(admin, "suspend:user:any"),
    meta: { title: `${t("admin:users.title")} · ${t("appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(context, request, "update:role:any");
  const formData = await readForm(request, UserActionSchema);
  const submission = parseWithZod(formData, { schema: UserActionSchema });
  const intent = String(formData.get("intent") ?? "");
  if (submission.status !== "success") {
    return data({ result: submission.reply(), intent }, { status: 400 });
  }
  const value = submission.value;
  if ((value.intent === "suspend" || value.intent === "unsuspend") && !can(admin, "suspend:user:any")) {
    throw forbidden("permission");
  }
  const result =
    value.intent === "role"
      ? await setRole(admin, value.userId, value.role, value.reason)
      : value.intent === "suspend"
        ? await suspendUser(admin, value.userId, value.reason)
        : await unsuspendUser(admin, value.userId, value.reason);
  if (!result.ok) {
    const status = result.error === "self" ? 403 : result.error === "not-found" ? 404 : 400;
    return data({ result: submission.reply({ formErrors: [`admin:errors.${result.error}`] }), intent }, { status });
  }
  // Back to the same view (search and page kept), with a confirmation.
  const back = new URL(request.url);
  back.searchParams.set("manage", value.userId);
  back.searchParams.set("done", value.intent);
  return redirect(`/admin/users?${back.searchParams}`);
}

type Managed = NonNullable<Awaited<ReturnType<typeof loader>>["managed"]>;

function RoleForm({ user }: { user: Managed }) {
  const { t } = useTranslation("admin");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "role-form",
    lastResult: navigation.state === "idle" && actionData?.intent === "role" ? actionData.result : undefined,
    defaultValue: { role: user.role },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserActionSchema }),
  });
  const { key, ...roleProps } = getSelectProps(fields.role);
  return (
    <Form method="post" {...getFormProps(form)} className="form-card" aria-labelledby="role-form-title">
      <h3 id="role-form-title">{t("users.changeRole")}</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="userId" value={user.id} />
      <div className="field">
        <label htmlFor={fields.role.id}>{t("users.role")}</label>
        <select key={key} {...roleProps}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`common:roles.${r}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.role.errorId} errors={fields.role.errors} />
      </div>
      <TextareaField field={fields.reason} label={t("users.reason")} hint={t("users.reasonHint")} maxLength={500} />
      <button type="submit" name="intent" value="role">
        {t("users.saveRole")}
      </button>
    </Form>
  );
}

function SuspendForm({ user }: { user: Managed }) {
  const { t } = useTranslation("admin");
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const suspended = Boolean(user.suspendedAt);
  const intent = suspended ? "unsuspend" : "suspend";
  const [form, fields] = useForm({
    id: "suspend-form",
    lastResult: navigation.state === "idle" && actionData?.intent === intent ? actionData.result : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserActionSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form-card" aria-labelledby="suspend-form-title">
      <h3 id="suspend-form-title">{suspended ? t("users.unsuspend") : t("users.suspend")}</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="userId" value={user.id} />
      {suspended ? (
        <p>
          {t("users.suspendedBecause")} {user.suspendedReason}
        </p>
      ) : (
        <p className="meta">{t("users.suspendHint")}</p>
      )}
      <TextareaField
        field={fields.reason}
        label={suspended ? t("users.reasonOptional") : t("users.reason")}
        maxLength={500}
      />
      <button type="submit" name="intent" value={intent} className={suspended ? undefined : "button-danger"}>
        {suspended ? t("users.unsuspend") : t("users.suspend")}
      </button>
    </Form>
  );
}

function ManagePanel({ user, selfId, canSuspend }: { user: Managed; selfId: string; canSuspend: boolean }) {
  const { t, i18n } = useTranslation("admin");
  const [params] = useSearchParams();
  const done = params.get("done");
  const closeParams = new URLSearchParams(params);
  closeParams.delete("manage");
  closeParams.delete("done");
  const en = i18n.language === "en";
  return (
    <section aria-labelledby="manage-title" className="manage-panel">
      <h2 id="manage-title">
        {t("users.manageTitle", { name: user.displayName })} <span className="meta">@{user.username}</span>
      </h2>
      {done && ["role", "suspend", "unsuspend"].includes(done) ? (
        <p className="notice" role="status">
          {t(`users.done.${done}`)}
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>{t("users.email")}</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>{t("users.role")}</dt>
          <dd>{t(`common:roles.${user.role}`)}</dd>
        </div>
        <div>
          <dt>{t("users.base")}</dt>
          <dd>{user.base && user.baseVerifiedAt ? (en ? user.base.nameEn : user.base.nameZh) : "—"}</dd>
        </div>
      </dl>
      {user.id === selfId ? (
        <p className="warning">{t("users.selfNote")}</p>
      ) : (
        <div className="admin-forms">
          <RoleForm user={user} />
          {canSuspend ? <SuspendForm key={user.suspendedAt ? "s" : "a"} user={user} /> : null}
        </div>
      )}
      <p>
        <Link to={`/admin/users${closeParams.size ? `?${closeParams}` : ""}`}>{t("users.close")}</Link>
      </p>
    </section>
  );
}

export default function AdminUsers() {
  const { users, total, page, pages, q, managed, selfId, canSuspend } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { t } = useTranslation("admin");
  const manageHref = (id: string) => {
    const params = new URLSearchParams(location.search);
    params.set("manage", id);
    params.delete("done");
    return `/admin/users?${params}`;
  };
  return (
    <>
      <h1>{t("users.title")}</h1>
      <Form method="get" role="search" className="filters" aria-label={t("users.searchLabel")}>
        <div className="field">
          <label htmlFor="users-q">{t("users.search")}</label>
          <input id="users-q" name="q" type="search" defaultValue={q} maxLength={100} key={q} />
        </div>
        <button type="submit">{t("users.searchButton")}</button>
      </Form>
      {managed ? <ManagePanel user={managed} selfId={selfId} canSuspend={canSuspend} /> : null}
      <p role="status">{t("users.count", { count: total })}</p>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t("users.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.member")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">{t("users.joined")}</th>
              <th scope="col">
                <span className="sr-only">{t("users.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  {u.displayName}
                  <br />
                  <span className="meta">@{u.username}</span>
                  {u.isDemo ? <span className="tag tag-demo"> {t("common:demo")}</span> : null}
                </th>
                <td className="break">{u.email}</td>
                <td>{t(`common:roles.${u.role}`)}</td>
                <td>
                  {u.suspendedAt ? (
                    <span className="status status-rejected">{t("users.suspended")}</span>
                  ) : u.emailVerifiedAt ? (
                    t("users.active")
                  ) : (
                    t("users.unverified")
                  )}
                </td>
                <td>
                  <Time value={u.createdAt} withTime={false} />
                </td>
                <td>
                  <Link to={manageHref(u.id)} aria-label={t("users.manageLabel", { name: u.displayName })}>
                    {t("users.manage")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} search={location.search} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
