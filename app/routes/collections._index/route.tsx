// /collections — published typical-case collections (典型案例), newest first;
// staff also see drafts and may start a new collection.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server.ts";
import { DigestSchema } from "~/models/collection-input.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { collectionTitle, listCollections, setTypicalDigest, typicalDigestOn } from "~/models/collection.server.ts";
import { formatDate } from "~/utils/format.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  const staff = can(context.user, "manage:collection:any");
  const rows = await listCollections({ includeDrafts: staff });
  const t = tFor(context.locale);
  return {
    staff,
    // The weekly mail of new typical cases: offered to members with a verified address.
    digest: context.user?.emailVerified ? { on: await typicalDigestOn(context.user.id) } : null,
    collections: rows.map((c) => ({
      slug: c.slug,
      title: collectionTitle(c, context.locale),
      status: c.status,
      featured: c.featured,
      publishedAt: c.publishedAt?.toISOString() ?? null,
      count: c._count.items,
    })),
    meta: { title: `${t("collections:list.title")} · ${t("common:appName")}` },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request, DigestSchema);
  const submission = parseWithZod(form, { schema: DigestSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await setTypicalDigest(user.id, submission.value.typicalCaseDigest);
  return redirect("/collections#digest");
}

export default function Collections() {
  const { staff, collections, digest } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("collections");
  return (
    <>
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      {staff ? (
        <p>
          <Link to="/collections/new" className="button">
            {t("list.new")}
          </Link>
        </p>
      ) : null}
      {collections.length === 0 ? <p>{t("list.empty")}</p> : null}
      <ul className="plain-list">
        {collections.map((c) => (
          <li key={c.slug} className="card">
            <h2>
              <Link to={`/collections/${c.slug}`}>{c.title}</Link>
            </h2>
            <p className="meta">
              {c.status !== "published" ? <span className="tag">{t(`status.${c.status}`)}</span> : null}
              {c.publishedAt ? formatDate(c.publishedAt, i18n.language, "long-date") : null} ·{" "}
              {t("caseCount", { count: c.count })}
              {staff ? (
                <>
                  {" · "}
                  <Link to={`/collections/${c.slug}/edit`}>{t("list.edit")}</Link>
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
      {digest ? (
        <Form method="post" id="digest" className="card">
          <input type="hidden" name="intent" value="digest" />
          <label className="checkbox-option">
            <input type="checkbox" name="typicalCaseDigest" defaultChecked={digest.on} /> {t("settings.digest")}
          </label>{" "}
          <button type="submit" className="button-secondary button-small">
            {t("settings.save")}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title ?? "" }];
