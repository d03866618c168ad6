// Soft delete with a confirmation page (works without JavaScript). The case
// disappears for readers and from search; moderators can still see it.
import { pageTitle } from "~/utils/page-meta.ts";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { CaseError, canDeleteCase, deleteCase, findCaseBySlug, getCaseForEditing } from "~/models/case.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

async function load(slug: string | undefined, user: { id: string; role: string }) {
  const found = slug ? await findCaseBySlug(slug) : null;
  let c: Awaited<ReturnType<typeof getCaseForEditing>>;
  try {
    c = found ? await getCaseForEditing(found.id, user) : null;
  } catch (e) {
    if (e instanceof CaseError && e.code === "forbidden") throw forbidden("case");
    throw e;
  }
  if (!c) throw new Response("Not found", { status: 404 });
  if (!canDeleteCase(user, c)) throw forbidden("case");
  return c;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const c = await load(params.slug, user);
  return {
    slug: c.slug,
    title: c.title || c.content.title,
    meta: { title: pageTitle(tFor(context.locale)("cases:delete.title"), tFor(context.locale)("common:appName")) },
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const c = await load(params.slug, user);
  const form = await readForm(request, ["reason"]);
  const reason =
    String(form.get("reason") ?? "")
      .trim()
      .slice(0, 500) || null;
  await deleteCase(c.id, user, reason);
  throw redirect("/cases/drafts?deleted=1");
}

export default function DeleteCase() {
  const { slug, title } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  return (
    <section className="form-card">
      <h1>{t("delete.title")}</h1>
      <p>{t("delete.confirm", { title })}</p>
      <Form method="post">
        <div className="field">
          <label htmlFor="reason">
            {t("delete.reason")} <span className="meta">({t("common:form.optional")})</span>
          </label>
          <input id="reason" name="reason" maxLength={500} />
        </div>
        <div className="actions">
          <button type="submit">{t("delete.submit")}</button>
          <Link to={`/cases/${slug}`}>{t("common:form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
