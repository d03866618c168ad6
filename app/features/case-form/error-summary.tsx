// The case form's error summary (issue 12.10 / 12.6): one list at the top of the
// form naming every invalid field, each a link to it, focused after a submission
// that failed — so publishing with an empty required section no longer looks like
// nothing happened (its error sits far down the page, beside a field that a
// hidden input carries).
import { forwardRef } from "react";
import { useTranslation } from "react-i18next";

export interface SummaryItem {
  /** The id of the control (or group) the link moves to. */
  targetId: string;
  label: string;
  messages: string[];
}

export const ErrorSummary = forwardRef<HTMLDivElement, { items: SummaryItem[] }>(function ErrorSummary({ items }, ref) {
  const { t } = useTranslation("writing");
  if (!items.length) return null;
  return (
    <div
      ref={ref}
      id="case-error-summary"
      className="form-error error-summary"
      tabIndex={-1}
      aria-labelledby="case-error-summary-title"
    >
      <h2 id="case-error-summary-title" className="error-summary-title">
        {t("errorSummary.title", { count: items.length })}
      </h2>
      <ul>
        {items.map((item) => (
          <li key={item.targetId}>
            <a
              href={`#${item.targetId}`}
              onClick={(e) => {
                // The editor's surface is a contenteditable: move focus, not only the scroll position.
                const target = document.getElementById(item.targetId);
                if (!target) return;
                e.preventDefault();
                target.scrollIntoView({ block: "center" });
                target.focus();
              }}
            >
              {item.label}
            </a>
            {item.messages.length ? <>: {item.messages.map((m) => t(m)).join(" ")}</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
});
