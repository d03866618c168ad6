import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server.ts";
import { checkPassword } from "~/auth/password-policy.server.ts";
import { blankSessionCookie } from "~/auth/session.server.ts";
import { ErrorList, FormErrors, TextField } from "~/components/forms.tsx";
import { LOCALE_COOKIE, isLocale } from "~/i18n/config.ts";
import { localeCookie } from "~/i18n/detect.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import {
  changePassword,
  logOutEverywhere,
  setEmailNotifications,
  setNotificationSettings,
  settingsUser,
  updateDisplayName,
  updateLocale,
} from "~/models/user.server.ts";
import { env } from "~/utils/env.server.ts";
import { consume, rateLimitMessage, reset, retryAfterHeader } from "~/utils/rate-limit.server.ts";
import { DISPLAY_NAME_MAX } from "~/auth/account-fields.ts";
import { resendVerificationMail } from "~/auth/resend-verification.server.ts";
import { LOCALE_CHOICES, localeSchema, notificationsSchema, passwordSchema, profileSchema } from "./schemas.ts";
import { readForm } from "~/utils/form-body.server.ts";
import {
  DELIVERY_LEVELS,
  MAIL_FREQUENCIES,
  NOTIFICATION_CATEGORIES,
  parseNotificationSettings,
  type NotificationSettings,
} from "~/models/notification-settings.ts";
import { retryAfterHeaders } from "~/utils/route-headers.ts";

type LastResult = SubmissionResult<string[]> | null | undefined;

const NOTICES = { "locale-saved": "account:settings.locale.saved" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sessionUser = requireUser(context, request);
  const user = await settingsUser(sessionUser.id);
  if (!user) throw redirect("/login");
  const t = tFor(context.locale);
  const notice = NOTICES[new URL(request.url).searchParams.get("notice") as keyof typeof NOTICES] ?? null;
  return {
    user: {
      email: user.email,
      emailVerified: user.emailVerifiedAt != null,
      username: user.username,
      displayName: user.displayName,
      locale: isLocale(user.locale) ? user.locale : ("browser" as const),
      emailNotifications: user.emailNotifications,
      notificationSettings: parseNotificationSettings(user.notificationSettings),
    },
    notifyIntervalMinutes: env().NOTIFY_MAIL_INTERVAL_MINUTES,
    notice,
    meta: { title: `${t("account:settings.title")} · ${t("common:appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const formData = await readForm(
    request,
    profileSchema,
    localeSchema,
    notificationsSchema,
    passwordSchema(),
    // The password form carries the username for password managers.
    ["username"],
  );
  const intent = formData.get("intent");

  if (intent === "profile") {
    const submission = parseWithZod(formData, { schema: profileSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), notice: null }, { status: 400 });
    await updateDisplayName(user.id, user.id, submission.value.displayName);
    return { intent, result: submission.reply(), notice: "account:settings.profile.saved" };
  }

  if (intent === "locale") {
    const submission = parseWithZod(formData, { schema: localeSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), notice: null }, { status: 400 });
    const locale = submission.value.locale === "browser" ? null : submission.value.locale;
    await updateLocale(user.id, locale);
    // "Follow my browser" also forgets a language picked earlier with the switch.
    const cookie = locale
      ? localeCookie(locale, context.secure)
      : `${LOCALE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${context.secure ? "; Secure" : ""}`;
    // A full page load follows (the form uses reloadDocument), so every string changes language.
    return redirect("/settings?notice=locale-saved", { headers: { "Set-Cookie": cookie } });
  }

  if (intent === "notifications") {
    const submission = parseWithZod(formData, { schema: notificationsSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), notice: null }, { status: 400 });
    const v = submission.value;
    const current = parseNotificationSettings((await settingsUser(user.id))?.notificationSettings);
    const next: NotificationSettings = {
      delivery: {
        replies: v.replies ?? current.delivery.replies,
        mentions: v.mentions ?? current.delivery.mentions,
        follows: v.follows ?? current.delivery.follows,
        decisions: v.decisions ?? current.delivery.decisions,
      },
      frequency: v.frequency ?? current.frequency,
    };
    await setEmailNotifications(user.id, v.emailNotifications);
    await setNotificationSettings(user.id, next);
    return { intent, result: submission.reply(), notice: "profile:notifications.saved" };
  }

  if (intent === "password") {
    const submission = parseWithZod(formData, { schema: passwordSchema(checkPassword, user) });
    const hideFields = ["currentPassword", "newPassword"];
    if (submission.status !== "success")
      return data({ intent, result: submission.reply({ hideFields }), notice: null }, { status: 400 });
    // Wrong current passwords count like failed logins, so this form cannot be used to guess.
    const limit = await consume([
      ["loginPair", `${user.id}|ip:${context.clientIp}`],
      ["loginIp", context.clientIp],
    ]);
    if (!limit.ok) {
      return data(
        {
          intent,
          result: submission.reply({ formErrors: [rateLimitMessage(context.locale, limit.retryAfterMs)], hideFields }),
          notice: null,
        },
        { status: 429, headers: retryAfterHeader(limit.retryAfterMs) },
      );
    }
    const outcome = await changePassword(
      user.id,
      submission.value.currentPassword,
      submission.value.newPassword,
      context.sessionId,
    );
    if (outcome === "wrong-password") {
      return data(
        {
          intent,
          result: submission.reply({ fieldErrors: { currentPassword: ["account:errors.wrongPassword"] }, hideFields }),
          notice: null,
        },
        { status: 400 },
      );
    }
    await reset("loginPair", `${user.id}|ip:${context.clientIp}`);
    return { intent, result: submission.reply({ resetForm: true }), notice: "account:settings.password.changed" };
  }

  if (intent === "logout-everywhere") {
    await logOutEverywhere(user.id);
    return redirect("/login?notice=logged-out-everywhere", {
      headers: { "Set-Cookie": blankSessionCookie({ secure: context.secure }) },
    });
  }

  if (intent === "resend-verification") {
    const outcome = await resendVerificationMail(context, user);
    if (outcome.status === "limited") {
      return data(
        { intent, result: null, notice: null, error: outcome.message },
        { status: 429, headers: outcome.headers },
      );
    }
    return {
      intent,
      result: null,
      notice: outcome.status === "sent" ? "account:settings.resent" : "account:settings.alreadyVerified",
    };
  }

  throw new Response("Unknown intent", { status: 400 });
}

function ProfileForm({ displayName, lastResult }: { displayName: string; lastResult: LastResult }) {
  const { t } = useTranslation("account");
  const [form, fields] = useForm({
    id: "settings-profile",
    lastResult,
    defaultValue: { displayName },
    constraint: getZodConstraint(profileSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="profile" />
      <TextField
        field={fields.displayName}
        label={t("settings.profile.displayName")}
        autoComplete="name"
        maxLength={DISPLAY_NAME_MAX}
        hint={t("settings.profile.displayNameHint")}
      />
      <button type="submit">{t("settings.profile.submit")}</button>
    </Form>
  );
}

function LocaleForm({ locale, lastResult }: { locale: (typeof LOCALE_CHOICES)[number]; lastResult: LastResult }) {
  const { t } = useTranslation("account");
  const [form, fields] = useForm({
    id: "settings-locale",
    lastResult,
    defaultValue: { locale },
    constraint: getZodConstraint(localeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: localeSchema }),
  });
  const { key, ...selectProps } = getSelectProps(fields.locale);
  return (
    <Form method="post" reloadDocument {...getFormProps(form)}>
      <input type="hidden" name="intent" value="locale" />
      <div className="field">
        <label htmlFor={fields.locale.id}>{t("settings.locale.label")}</label>
        <select key={key} {...selectProps}>
          {LOCALE_CHOICES.map((l) => (
            <option key={l} value={l} lang={l === "browser" ? undefined : l}>
              {t(`settings.locale.${l}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.locale.errorId} errors={fields.locale.errors} />
      </div>
      <button type="submit">{t("settings.locale.submit")}</button>
    </Form>
  );
}

function NotificationsForm({
  on,
  settings,
  emailVerified,
  minutes,
  lastResult,
}: {
  on: boolean;
  settings: NotificationSettings;
  emailVerified: boolean;
  minutes: number;
  lastResult: LastResult;
}) {
  const { t } = useTranslation("follow");
  const { t: tp } = useTranslation("profile");
  const [form, fields] = useForm({
    id: "settings-notifications",
    lastResult,
    defaultValue: { emailNotifications: on ? "on" : "", ...settings.delivery, frequency: settings.frequency },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: notificationsSchema }),
  });
  const { key, ...checkboxProps } = getInputProps(fields.emailNotifications, { type: "checkbox" });
  return (
    <Form method="post" {...getFormProps(form)} className="notification-grid">
      <input type="hidden" name="intent" value="notifications" />
      <p>{tp("notifications.intro")}</p>
      {NOTIFICATION_CATEGORIES.map((category) => (
        <fieldset key={category}>
          <legend>{tp(`notifications.categories.${category}`)}</legend>
          {DELIVERY_LEVELS.map((level) => (
            <label key={level} className="choice">
              <input
                type="radio"
                name={category}
                value={level}
                defaultChecked={settings.delivery[category] === level}
              />
              {tp(`notifications.levels.${level}`)}
            </label>
          ))}
        </fieldset>
      ))}
      <fieldset>
        <legend>{tp("notifications.frequency")}</legend>
        {MAIL_FREQUENCIES.map((frequency) => (
          <label key={frequency} className="choice">
            <input type="radio" name="frequency" value={frequency} defaultChecked={settings.frequency === frequency} />
            {tp(`notifications.frequencies.${frequency}`, { minutes })}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label className="checkbox" htmlFor={fields.emailNotifications.id}>
          <input key={key} {...checkboxProps} aria-describedby={`${fields.emailNotifications.id}-hint`} />
          {t("settings.label")}
        </label>
        <p className="field-hint" id={`${fields.emailNotifications.id}-hint`}>
          {emailVerified ? null : t("settings.unverified")}
        </p>
      </div>
      <button type="submit">{t("settings.submit")}</button>
    </Form>
  );
}

function PasswordForm({ lastResult, username }: { lastResult: LastResult; username: string }) {
  const { t } = useTranslation("account");
  const schema = passwordSchema();
  const [form, fields] = useForm({
    id: "settings-password",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="password" />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <TextField
        field={fields.currentPassword}
        label={t("settings.password.current")}
        type="password"
        autoComplete="current-password"
      />
      <TextField
        field={fields.newPassword}
        label={t("settings.password.new")}
        type="password"
        autoComplete="new-password"
        hint={t("settings.password.newHint")}
      />
      <button type="submit">{t("settings.password.submit")}</button>
    </Form>
  );
}

export default function SettingsPage() {
  const { user, notice, notifyIntervalMinutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("account");
  const shownNotice = actionData?.notice ?? (actionData ? null : notice);
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <div className="settings">
      <h1>{t("settings.title")}</h1>
      {shownNotice ? (
        <p className="notice" role="status">
          {t(shownNotice, { email: user.email })}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {!user.emailVerified ? (
        <div className="warning settings-verify">
          <p>{t("settings.unverified", { email: user.email })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="resend-verification" />
            <button type="submit" className="button-secondary button-small">
              {t("settings.resend")}
            </button>
          </Form>
        </div>
      ) : null}

      <section className="form-card" aria-labelledby="settings-profile-title">
        <h2 id="settings-profile-title">{t("settings.profile.title")}</h2>
        <dl className="settings-facts">
          <dt>{t("settings.profile.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("settings.profile.username")}</dt>
          <dd>
            <Link to={`/u/${user.username}`}>@{user.username}</Link>
          </dd>
        </dl>
        <ProfileForm displayName={user.displayName} lastResult={resultFor("profile")} />
      </section>

      <section className="form-card" aria-labelledby="settings-locale-title">
        <h2 id="settings-locale-title">{t("settings.locale.title")}</h2>
        <LocaleForm locale={user.locale} lastResult={resultFor("locale")} />
      </section>

      <section className="form-card" aria-labelledby="settings-notifications-title">
        <h2 id="settings-notifications-title">{t("profile:notifications.title")}</h2>
        <NotificationsForm
          on={user.emailNotifications}
          settings={user.notificationSettings}
          emailVerified={user.emailVerified}
          minutes={notifyIntervalMinutes}
          lastResult={resultFor("notifications")}
        />
      </section>

      <section className="form-card" aria-labelledby="settings-password-title">
        <h2 id="settings-password-title">{t("settings.password.title")}</h2>
        <PasswordForm lastResult={resultFor("password")} username={user.username} />
      </section>

      <section className="form-card" aria-labelledby="settings-data-title">
        <h2 id="settings-data-title">{t("privacy:export.title")}</h2>
        <p>{t("privacy:export.body")}</p>
        {/* A plain form post: the answer is a download, so the page stays as it is. */}
        <form method="post" action="/settings/export">
          <button type="submit" className="button-secondary">
            {t("privacy:export.button")}
          </button>
        </form>
      </section>

      <section className="form-card danger-zone" aria-labelledby="settings-delete-title">
        <h2 id="settings-delete-title">{t("privacy:delete.title")}</h2>
        <p>{t("privacy:delete.intro")}</p>
        <p>
          <Link to="/settings/delete">{t("privacy:delete.link")}</Link>
        </p>
      </section>

      <section className="form-card" aria-labelledby="settings-sessions-title">
        <h2 id="settings-sessions-title">{t("settings.sessions.title")}</h2>
        <p>{t("settings.sessions.body")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="button-secondary">
            {t("settings.sessions.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];

/** A 429 from the form carries Retry-After to the browser too (issue 10.5). */
export const headers = retryAfterHeaders;
