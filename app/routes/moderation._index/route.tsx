// /moderation: the queue of reported items for moderators, ministry staff and
// admins (ADR 035). Filters by status, type and reason (a GET form, so a filter
// is a link); bulk actions on the selected items: dismiss, hide, delete, warn or
// suspend the author, each with the reason the author is told.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { can } from "~/auth/permissions.ts";
import { ErrorList, FormErrors } from "~/components/forms.tsx";
import { Time } from "~/components/time.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import {
  applyQueueAction,
  countPendingPosts,
  listQueue,
  ModerationError,
  type QueueFilters,
} from "~/models/moderation.server.ts";
// Names the component uses come from the module the browser may load.
import {
  MODERATION_REASON_MAX,
  QUEUE_ACTIONS,
  REPORT_REASONS,
  REPORT_STATUSES,
  REPORT_TARGETS,
} from "~/models/moderation-input.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { QueueActionSchema } from "./schema.ts";

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T | "all"): T | "all" {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : value === "all" ? "all" : fallback;
}

function filtersOf(url: URL): QueueFilters {
  return {
    status: pick(url.searchParams.get("status"), REPORT_STATUSES, "open"),
    type: pick(url.searchParams.get("type"), REPORT_TARGETS, "all"),
    reason: pick(url.searchParams.get("reason"), REPORT_REASONS, "all"),
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "review:report:any");
  const url = new URL(request.url);
  const filters = filtersOf(url);
  const [queue, pendingPosts] = await Promise.all([listQueue(filters), countPendingPosts()]);
  const t = tFor(context.locale);
  const done = Number(url.searchParams.get("done") ?? "NaN");
  const failed = (url.searchParams.get("failed") ?? "").split(",").filter((c) => /^[a-z-]{1,20}$/.test(c));
  return {
    filters,
    ...queue,
    pendingPosts,
    result: Number.isInteger(done) ? { done, failed } : null,
    canSuspendAnyone: can(user, "suspend:user:any"),
    meta: { title: `${t("moderation:queue.title")} · ${t("appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "review:report:any");
  const form = await readForm(request, QueueActionSchema);
  const submission = parseWithZod(form, { schema: QueueActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { item, action, reason, back } = submission.value;
  let outcome;
  try {
    outcome = await applyQueueAction(user, { keys: item, action, reason: reason ?? "" });
  } catch (e) {
    if (!(e instanceof ModerationError)) throw e;
    return data(
      {
        result: submission.reply({
          formErrors: [`moderation:errors.${e.code === "forbidden" ? "forbidden" : "reasonRequired"}`],
        }),
      },
      { status: e.code === "forbidden" ? 403 : 400 },
    );
  }
  const params = new URLSearchParams(back && /^[a-z=&-]*$/.test(back) ? back : "");
  params.set("done", String(outcome.done.length));
  params.set("failed", [...new Set(outcome.failed.map((f) => f.code))].join(","));
  return redirect(`/moderation?${params.toString()}`);
}

type Item = Awaited<ReturnType<typeof loader>>["items"][number];

function QueueItem({ item }: { item: Item }) {
  const { t, i18n } = useTranslation("moderation");
  const title = i18n.language === "en" && item.titleEn ? item.titleEn : item.title;
  const checkboxId = `select-${item.key.replace(":", "-")}`;
  return (
    <li className="queue-card">
      <div className="queue-card-head">
        <input type="checkbox" id={checkboxId} name="item" value={item.key} form="queue-action" />
        <label htmlFor={checkboxId}>
          <span className="tag">{t(`types.${item.type}`)}</span> {title}
        </label>
      </div>
      {item.excerpt ? <p className="queue-excerpt">{item.excerpt}</p> : null}
      <p className="meta">
        {t("queue.author")} <Link to={`/u/${item.author.username}`}>{item.author.displayName}</Link>
        {" · "}
        {t(`states.${item.state}`)}
        {item.locked ? ` · ${t("states.locked")}` : ""}
        {" · "}
        {t("queue.openReports", { count: item.openReports })}
      </p>
      <p className="meta">
        {t("queue.reasons")} {item.reasons.map((r) => t(`reasons.${r}`)).join(t("queue.listSeparator"))}
      </p>
      <ul className="plain-list queue-reports">
        {item.reports.map((r) => (
          <li key={r.id}>
            <span className="meta">
              <Time value={r.createdAt} /> · {r.reporter.displayName} · {t(`reasons.${r.reason}`)} ·{" "}
              {t(`statuses.${r.status}`)}
            </span>
            {r.note ? <p className="queue-note">{r.note}</p> : null}
          </li>
        ))}
      </ul>
      <p className="actions">
        <Link to={item.href}>{t("queue.open")}</Link>
        <Link to={`/moderation/history?item=${item.key}`}>{t("history.link")}</Link>
      </p>
    </li>
  );
}

export default function ModerationQueue() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("moderation");
  const [form, fields] = useForm({
    id: "queue-action",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QueueActionSchema }),
  });
  const back = new URLSearchParams({ status: d.filters.status, type: d.filters.type, reason: d.filters.reason });
  const { key: reasonKey, ...reasonProps } = getTextareaProps(fields.reason, {
    ariaDescribedBy: `${fields.reason.id}-hint`,
  });
  return (
    <section aria-labelledby="queue-title" className="stack">
      <h1 id="queue-title">{t("queue.title")}</h1>
      <p className="meta">
        {t("queue.openCount", { count: d.openCount })} ·{" "}
        <Link to="/moderation/approvals">{t("approvals.linkWithCount", { count: d.pendingPosts })}</Link>
      </p>
      {d.result ? (
        <p className="notice" role="status">
          {t("queue.done", { count: d.result.done })}
          {d.result.failed.length
            ? ` ${t("queue.failed")} ${d.result.failed.map((c) => t(`failures.${c}`, { defaultValue: c })).join(t("queue.listSeparator"))}`
            : ""}
        </p>
      ) : null}

      <Form method="get" className="queue-filters" aria-label={t("queue.filters")}>
        <div className="field">
          <label htmlFor="filter-status">{t("queue.status")}</label>
          <select id="filter-status" name="status" defaultValue={d.filters.status}>
            {[...REPORT_STATUSES, "all" as const].map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-type">{t("queue.type")}</label>
          <select id="filter-type" name="type" defaultValue={d.filters.type}>
            {["all" as const, ...REPORT_TARGETS].map((s) => (
              <option key={s} value={s}>
                {t(`types.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-reason">{t("queue.reason")}</label>
          <select id="filter-reason" name="reason" defaultValue={d.filters.reason}>
            {["all" as const, ...REPORT_REASONS].map((s) => (
              <option key={s} value={s}>
                {t(`reasons.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-secondary">
          {t("queue.applyFilters")}
        </button>
      </Form>

      {d.items.length === 0 ? (
        <p>{t("queue.empty")}</p>
      ) : (
        <ul className="plain-list queue-list" aria-label={t("queue.items")}>
          {d.items.map((item) => (
            <QueueItem key={item.key} item={item} />
          ))}
        </ul>
      )}

      {d.items.length > 0 ? (
        <Form method="post" {...getFormProps(form)} className="form-card queue-actions">
          <h2>{t("queue.bulkTitle")}</h2>
          <FormErrors errors={[...(form.errors ?? []), ...(fields.item.errors ?? [])]} />
          <input type="hidden" name="back" value={back.toString()} />
          <fieldset className="field">
            <legend>{t("queue.action")}</legend>
            {QUEUE_ACTIONS.map((a) => (
              <label key={a} className="choice">
                <input type="radio" name={fields.action.name} value={a} defaultChecked={a === "dismiss"} />{" "}
                {t(`actions.${a}`)}
                {a === "suspend" && !d.canSuspendAnyone ? (
                  <span className="meta"> ({t("queue.suspendMembersOnly")})</span>
                ) : null}
              </label>
            ))}
            <ErrorList id={fields.action.errorId} errors={fields.action.errors} />
          </fieldset>
          <div className="field">
            <label htmlFor={fields.reason.id}>{t("queue.actionReason")}</label>
            <textarea key={reasonKey} {...reasonProps} maxLength={MODERATION_REASON_MAX} rows={3} />
            <p id={`${fields.reason.id}-hint`} className="field-hint">
              {t("queue.actionReasonHint")}
            </p>
            <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
          </div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("queue.apply")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
