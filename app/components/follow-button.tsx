// Follow / unfollow for a case (its discussion), a topic or a base. A form that
// works without JavaScript (POST to /resources/follow, redirect back); once
// hydrated it submits with a fetcher and shows the new state at once. Visitors
// who are not signed in get a "log in to follow" link back to this page.
//
// The page's loader supplies `following` (isFollowing from
// app/models/subscription.server.ts) and whether someone is signed in:
//   <FollowButton targetType="case" targetId={c.id} following={following} signedIn={Boolean(user)} />
import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "./icons.tsx";

type Target = "case" | "topic" | "base";
const SUFFIX: Record<Target, "Case" | "Topic" | "Base"> = { case: "Case", topic: "Topic", base: "Base" };

export function FollowButton({
  targetType,
  targetId,
  following,
  signedIn,
}: {
  targetType: Target;
  targetId: string;
  following: boolean;
  signedIn: boolean;
}) {
  const { t } = useTranslation("follow");
  const location = useLocation();
  const fetcher = useFetcher<{ ok: boolean; error: string | null; following: boolean | null }>();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const here = location.pathname + location.search;

  if (!signedIn) {
    return (
      <Link className="button button-secondary follow-button" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
        {t("button.loginToFollow")}
      </Link>
    );
  }

  // Optimistic: what is being submitted, else what the server answered, else the loader's value.
  const pending = fetcher.formData?.get("intent");
  const shown = pending === "follow" ? true : pending === "unfollow" ? false : (fetcher.data?.following ?? following);
  const suffix = SUFFIX[targetType];
  return (
    <fetcher.Form method="post" action="/resources/follow" className="follow-form">
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetId" value={targetId} />
      <input type="hidden" name="redirectTo" value={here} />
      {hydrated ? <input type="hidden" name="_fetcher" value="1" /> : null}
      {/* A toggle: the name stays "Follow this …", aria-pressed carries the state. */}
      <button
        type="submit"
        name="intent"
        value={shown ? "unfollow" : "follow"}
        className={shown ? "button-secondary follow-button follow-button-on" : "follow-button"}
        aria-pressed={shown}
      >
        {shown ? <Icon name="check" /> : null}
        {t(`button.follow${suffix}`)}
      </button>
      {fetcher.data?.error ? (
        <span className="form-error" role="alert">
          {t(fetcher.data.error)}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
