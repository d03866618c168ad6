// The signed-in member's notifications, newest first, each rendered in the
// reader's language from the event's data (not from text stored at write time).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import {
  groupNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "~/models/notification.server.ts";
import { notificationTextKey } from "~/models/notification-types.ts";
import { FormErrors } from "~/components/forms.tsx";
import { Time } from "~/components/time.tsx";
import { readForm } from "~/utils/form-body.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const t = tFor(context.locale);
  const notifications = await listNotifications(user.id, { take: 100 });
  return {
    notifications,
    groups: groupNotifications(notifications),
    meta: { title: `${t("notifications.title")} · ${t("appName")}` },
  };
}

/** The page's two buttons: mark one notification read, or all of them. */
const NOT_FOUND = "notifications.notFound";
const readSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("read"), id: z.string({ required_error: NOT_FOUND }).max(64, NOT_FOUND) }),
    z.object({ intent: z.literal("read-all") }),
  ],
  { errorMap: () => ({ message: NOT_FOUND }) },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const submission = parseWithZod(await readForm(request, readSchema), { schema: readSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  if (submission.value.intent === "read-all") await markAllNotificationsRead(user.id);
  else await markNotificationRead(user.id, submission.value.id);
  return redirect("/notifications");
}

type Item = Awaited<ReturnType<typeof loader>>["notifications"][number];
type Group = Awaited<ReturnType<typeof loader>>["groups"][number];

function str(v: unknown): string {
  return typeof v === "string" ? v : v == null ? "" : String(v);
}

function NotificationText({ item }: { item: Item }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const d = item.data as Record<string, unknown>;
  // Names come in both languages so each reader sees their own.
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(d)) vars[k] = str(v);
  vars.base = str(en ? (d.baseNameEn ?? d.baseNameZh) : (d.baseNameZh ?? d.baseNameEn));
  vars.title = str(en ? (d.titleEn ?? d.title) : (d.title ?? d.titleEn));
  const text = t(notificationTextKey(item.type), { ...vars, defaultValue: t("notifications.generic") });
  const href = str(d.href);
  // Only same-site paths become links; the link goes through /notifications/<id>, which marks
  // the notification (and the others about the same item) read and then leads to it.
  return href.startsWith("/") && !href.startsWith("//") ? (
    <Link to={`/notifications/${item.id}`}>{text}</Link>
  ) : (
    <span>{text}</span>
  );
}

/** One item's notifications: the newest, and the earlier ones folded under it. */
function NotificationGroup({ group }: { group: Group }) {
  const { t } = useTranslation();
  const n = group.latest;
  const unread = [n, ...group.earlier].some((x) => !x.readAt);
  return (
    <li className={unread ? "notification notification-unread" : "notification"}>
      <div>
        {unread ? <span className="tag">{t("notifications.unread")}</span> : null}
        <NotificationText item={n} />
        <div className="meta">
          <Time value={n.createdAt} relative />
        </div>
        {group.earlier.length > 0 ? (
          <details className="notification-earlier">
            <summary>{t("activity:notifications.earlier", { count: group.earlier.length })}</summary>
            <ul className="plain-list">
              {group.earlier.map((e) => (
                <li key={e.id}>
                  <NotificationText item={e} />{" "}
                  <span className="meta">
                    <Time value={e.createdAt} relative />
                  </span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
      {!n.readAt ? (
        <Form method="post">
          <input type="hidden" name="id" value={n.id} />
          <button type="submit" name="intent" value="read" className="link-button">
            {t("notifications.markRead")}
          </button>
        </Form>
      ) : null}
    </li>
  );
}

export default function Notifications() {
  const { notifications, groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <>
      <h1>{t("notifications.title")}</h1>
      <FormErrors errors={actionData ? Object.values(actionData.result.error ?? {}).flatMap((e) => e ?? []) : null} />
      <div className="actions">
        <p role="status" className="flush">
          {t("notifications.unreadCount", { count: unread })}
        </p>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="button-secondary button-small">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {notifications.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ul className="plain-list notification-list">
          {groups.map((g) => (
            <NotificationGroup key={g.key} group={g} />
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
