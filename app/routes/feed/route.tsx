// /feed: what is new in what the member follows (see feed.server.ts).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server.ts";
import { CaseCardView } from "~/components/case-card.tsx";
import { Time } from "~/components/time.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { loadFeed } from "./feed.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const t = tFor(context.locale);
  const cursor = new URL(request.url).searchParams.get("cursor");
  const feed = await loadFeed(user.id, context.locale, { cursor });
  return { ...feed, meta: { title: `${t("follow:feed.title")} · ${t("common:appName")}` } };
}

export default function FeedPage() {
  const { items, nextCursor, following } = useLoaderData<typeof loader>();
  const { t } = useTranslation("follow");
  const [params] = useSearchParams();
  const followsNothing = following.topics.length === 0 && following.bases.length === 0 && following.cases === 0;
  return (
    <div className="feed">
      <h1>{t("feed.title")}</h1>
      <p className="meta">{t("feed.intro")}</p>
      {!followsNothing ? (
        <section className="feed-following" aria-labelledby="feed-following-title">
          <h2 id="feed-following-title">{t("feed.youFollow")}</h2>
          <ul className="plain-list">
            {following.topics.length ? (
              <li>
                {t("feed.topics")}:{" "}
                {following.topics.map((tp) => (
                  <Link key={tp.slug} to={`/topics/${tp.slug}`} className="tag">
                    {tp.name}
                  </Link>
                ))}
              </li>
            ) : null}
            {following.bases.length ? (
              <li>
                {t("feed.bases")}:{" "}
                {following.bases.map((b) => (
                  <Link key={b.slug} to={`/bases/${b.slug}`} className="tag">
                    {b.name}
                  </Link>
                ))}
              </li>
            ) : null}
            {following.cases ? <li>{t("feed.casesFollowed", { count: following.cases })}</li> : null}
          </ul>
        </section>
      ) : null}

      {items.length === 0 ? (
        <section className="feed-empty notice" aria-labelledby="feed-empty-title">
          <h2 id="feed-empty-title">{t("feed.emptyTitle")}</h2>
          <p>{t("feed.emptyBody")}</p>
          <p>
            <Link to="/cases">{t("feed.browseTopics")}</Link> · <Link to="/bases">{t("feed.browseBases")}</Link>
          </p>
        </section>
      ) : (
        <ol className="feed-list plain-list">
          {items.map((item) => (
            <li key={item.key} className={`feed-item feed-item-${item.kind}`}>
              <p className="feed-item-label meta">
                {item.kind === "case" ? (
                  <span className="tag">{t("feed.newCase")}</span>
                ) : (
                  <span className="tag">{t("feed.activeThread", { count: item.comments })}</span>
                )}{" "}
                {item.kind === "thread" ? `${t("feed.lastComment")}: ` : null}
                <Time value={item.at} relative />
              </p>
              <CaseCardView card={item.card} />
            </li>
          ))}
        </ol>
      )}

      <nav className="pagination" aria-label={t("common:pagination.label")}>
        {params.get("cursor") ? <Link to=".">{t("feed.first")}</Link> : null}
        {nextCursor ? <Link to={`?cursor=${nextCursor}`}>{t("feed.more")}</Link> : null}
      </nav>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
