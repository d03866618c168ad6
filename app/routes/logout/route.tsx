import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { blankSessionCookie, endSession } from "~/auth/session.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

// GET only asks: logging out by link would let any page log a member out.
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/");
  const t = tFor(context.locale);
  return { meta: { title: `${t("auth:logout.title")} · ${t("common:appName")}` } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The form has no fields; anything posted is refused before it is read (ADR 017).
  await readForm(request, []);
  if (context.sessionId) await endSession(context.sessionId);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie({ secure: context.secure }) } });
}

export default function LogoutPage() {
  useLoaderData<typeof loader>();
  const { t } = useTranslation("auth");
  return (
    <div className="form-card auth-card">
      <h1>{t("logout.title")}</h1>
      <p>{t("logout.body")}</p>
      <Form method="post">
        <button type="submit">{t("logout.submit")}</button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
