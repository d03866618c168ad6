// /moderation/approvals: a new member's first posts wait here until a moderator
// approves them (they become public, notifications go out) or rejects them with
// a reason the author is told (ADR 035). Administrators set how many first
// posts wait; the environment's FIRST_POSTS_REQUIRING_APPROVAL is the default.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { FormErrors } from "~/components/forms.tsx";
import { Time } from "~/components/time.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { firstPostsRequiringApproval } from "~/models/approval.server.ts";
import {
  decidePendingPost,
  listPendingPosts,
  ModerationError,
  setFirstPostsSetting,
} from "~/models/moderation.server.ts";
// Limits the form shows come from the module the browser may load (the component uses them).
import { FIRST_POSTS_LIMIT, MODERATION_REASON_MAX } from "~/models/moderation-input.ts";
import { env } from "~/utils/env.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { DecisionSchema, SettingSchema } from "./schema.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "approve:post:any");
  const t = tFor(context.locale);
  const [pending, firstPosts] = await Promise.all([listPendingPosts(), firstPostsRequiringApproval()]);
  return {
    ...pending,
    firstPosts,
    envDefault: env().FIRST_POSTS_REQUIRING_APPROVAL,
    canSet: can(user, "manage:settings:any"),
    done: new URL(request.url).searchParams.get("done"),
    meta: { title: `${t("moderation:approvals.title")} · ${t("appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "approve:post:any");
  const form = await readForm(request, DecisionSchema, SettingSchema);
  const item = String(form.get("item") ?? "");
  if (form.get("intent") === "setting") {
    const submission = parseWithZod(form, { schema: SettingSchema });
    if (submission.status !== "success") return data({ item: "setting", result: submission.reply() }, { status: 400 });
    try {
      await setFirstPostsSetting(user, submission.value.firstPosts ?? null);
    } catch (e) {
      if (!(e instanceof ModerationError)) throw e;
      return data(
        { item: "setting", result: submission.reply({ formErrors: ["moderation:errors.forbidden"] }) },
        { status: 403 },
      );
    }
    return redirect("/moderation/approvals?done=setting");
  }
  const submission = parseWithZod(form, { schema: DecisionSchema });
  if (submission.status !== "success") return data({ item, result: submission.reply() }, { status: 400 });
  const { intent, reason } = submission.value;
  try {
    await decidePendingPost(user, submission.value.item, intent === "approve", reason ?? "");
  } catch (e) {
    if (!(e instanceof ModerationError)) throw e;
    const status = e.code === "forbidden" || e.code === "self" ? 403 : e.code === "reason-required" ? 400 : 409;
    const key = e.code === "self" ? "moderation:errors.self" : "moderation:errors.stale";
    return data({ item, result: submission.reply({ formErrors: [key] }) }, { status });
  }
  return redirect(`/moderation/approvals?done=${intent}`);
}

export default function Approvals() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("moderation");
  const busy = navigation.state === "submitting";
  const errorsFor = (item: string) =>
    actionData?.item === item
      ? [...(actionData.result.error?.[""] ?? []), ...(actionData.result.error?.reason ?? [])]
      : null;
  return (
    <section aria-labelledby="approvals-title" className="stack">
      <h1 id="approvals-title">{t("approvals.title")}</h1>
      <p className="meta">
        {d.firstPosts === 0 ? t("approvals.off") : t("approvals.rule", { count: d.firstPosts })} ·{" "}
        <Link to="/moderation">{t("queue.title")}</Link>
      </p>
      {d.done ? (
        <p className="notice" role="status">
          {t(`approvals.done.${d.done}`, { defaultValue: "" })}
        </p>
      ) : null}
      {d.items.length === 0 ? (
        <p>{t("approvals.empty")}</p>
      ) : (
        <ul className="plain-list queue-list">
          {d.items.map((item) => {
            const reasonId = `reason-${item.key.replace(":", "-")}`;
            const errors = errorsFor(item.key);
            return (
              <li key={item.key} className="queue-card">
                <p>
                  <span className="tag">{t(`types.${item.type}`)}</span>{" "}
                  <Link to={item.href}>{i18n.language === "en" && item.titleEn ? item.titleEn : item.title}</Link>
                </p>
                <p className="queue-excerpt">{item.excerpt}</p>
                <p className="meta">
                  {t("queue.author")} <Link to={`/u/${item.author.username}`}>{item.author.displayName}</Link>
                  {item.at ? (
                    <>
                      {" · "}
                      <Time value={item.at} />
                    </>
                  ) : null}
                </p>
                <Form method="post" className="stack">
                  <FormErrors errors={errors} />
                  <input type="hidden" name="item" value={item.key} />
                  <div className="field">
                    <label htmlFor={reasonId}>{t("approvals.reason")}</label>
                    <textarea
                      id={reasonId}
                      name="reason"
                      rows={2}
                      maxLength={MODERATION_REASON_MAX}
                      aria-invalid={errors?.length ? true : undefined}
                    />
                  </div>
                  <div className="actions">
                    <button type="submit" name="intent" value="approve" disabled={busy}>
                      {t("approvals.approve")}
                    </button>
                    <button type="submit" name="intent" value="reject" className="button-secondary" disabled={busy}>
                      {t("approvals.reject")}
                    </button>
                  </div>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
      {d.canSet ? (
        <Form method="post" className="form-card">
          <h2>{t("approvals.settingTitle")}</h2>
          <FormErrors errors={errorsFor("setting")} />
          <input type="hidden" name="intent" value="setting" />
          <div className="field">
            <label htmlFor="first-posts">{t("approvals.settingLabel")}</label>
            <input
              id="first-posts"
              name="firstPosts"
              type="number"
              inputMode="numeric"
              min={0}
              max={FIRST_POSTS_LIMIT}
              defaultValue={d.firstPosts}
              aria-describedby="first-posts-hint"
            />
            <p id="first-posts-hint" className="field-hint">
              {t("approvals.settingHint", { count: d.envDefault })}
            </p>
          </div>
          <button type="submit" disabled={busy}>
            {t("approvals.settingSave")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
