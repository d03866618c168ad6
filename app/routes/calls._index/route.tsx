// /calls — calls for cases (案例征集): open calls first, then past ones; staff
// also see drafts and may open a new call.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions.ts";
import { CallList } from "~/features/calls/call-list.tsx";
import { toCallListItem } from "~/features/calls/call-list.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { listCalls } from "~/models/call.server.ts";

export async function loader({ context }: LoaderFunctionArgs) {
  const staff = can(context.user, "manage:call:any");
  const { open, past, drafts } = await listCalls({ includeDrafts: staff });
  const t = tFor(context.locale);
  const item = (c: (typeof open)[number]) => toCallListItem(c, context.locale);
  return {
    open: open.map(item),
    past: past.map(item),
    drafts: drafts.map(item),
    staff,
    meta: { title: `${t("calls:list.title")} · ${t("common:appName")}` },
  };
}

export default function Calls() {
  const { open, past, drafts, staff } = useLoaderData<typeof loader>();
  const { t } = useTranslation("calls");
  return (
    <>
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      {staff ? (
        <p>
          <Link to="/calls/new" className="button">
            {t("list.new")}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="calls-open">
        <h2 id="calls-open">{t("list.open")}</h2>
        {open.length ? <CallList calls={open} /> : <p>{t("list.noneOpen")}</p>}
      </section>
      {staff && drafts.length ? (
        <section aria-labelledby="calls-drafts">
          <h2 id="calls-drafts">{t("list.drafts")}</h2>
          <CallList calls={drafts} />
        </section>
      ) : null}
      <section aria-labelledby="calls-past">
        <h2 id="calls-past">{t("list.past")}</h2>
        {past.length ? <CallList calls={past} /> : <p>{t("list.nonePast")}</p>}
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title ?? "" }];
