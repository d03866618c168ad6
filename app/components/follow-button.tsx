// Follow / unfollow for a case (its discussion), a topic or a base: a ToggleForm
// posting to /resources/follow. The page's loader supplies `following`
// (isFollowing from app/models/subscription.server.ts) and whether someone is signed in:
//   <FollowButton targetType="case" targetId={c.id} following={following} signedIn={Boolean(user)} />
import { useTranslation } from "react-i18next";
import { Icon } from "./icons.tsx";
import { ToggleForm } from "./toggle-form.tsx";

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
  return (
    <ToggleForm
      action="/resources/follow"
      intents={{ on: "follow", off: "unfollow" }}
      on={following}
      answerField="following"
      signedIn={signedIn}
      loginLabel={t("button.loginToFollow")}
      fields={{ targetType, targetId }}
      formClassName="follow-form"
      buttonClassName={(on) => (on ? "button-secondary follow-button follow-button-on" : "follow-button")}
      loginClassName="button button-secondary follow-button"
      errorText={(key) => t(key)}
    >
      {(on) => (
        <>
          {on ? <Icon name="check" /> : null}
          {t(`button.follow${SUFFIX[targetType]}`)}
        </>
      )}
    </ToggleForm>
  );
}
