// Bookmark (收藏) toggle for a case: a ToggleForm posting to /resources/bookmark.
import { useTranslation } from "react-i18next";
import { ToggleForm } from "./toggle-form.tsx";

export function BookmarkButton({
  caseId,
  bookmarked,
  signedIn,
}: {
  caseId: string;
  bookmarked: boolean;
  signedIn: boolean;
}) {
  const { t } = useTranslation("profile");
  return (
    <ToggleForm
      action="/resources/bookmark"
      intents={{ on: "bookmark", off: "unbookmark" }}
      on={bookmarked}
      answerField="bookmarked"
      signedIn={signedIn}
      loginLabel={t("bookmarks.login")}
      fields={{ caseId }}
      formClassName="follow-form bookmark-form"
      buttonClassName={(on) =>
        on ? "button-secondary bookmark-button bookmark-button-on" : "button-secondary bookmark-button"
      }
      loginClassName="button button-secondary"
      errorText={(key) => t(key)}
    >
      {(on) => (
        <>
          <svg aria-hidden="true" width="14" height="14" viewBox="0 0 14 14" focusable="false">
            <path
              d="M3 1.5h8v11l-4-3-4 3z"
              fill={on ? "currentColor" : "none"}
              stroke="currentColor"
              strokeWidth="1.5"
              strokeLinejoin="round"
            />
          </svg>{" "}
          {t("bookmarks.button")}
        </>
      )}
    </ToggleForm>
  );
}
