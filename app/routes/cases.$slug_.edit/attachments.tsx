// The edit page's source documents (issue 12.10): the list with a remove button
// per document, and an upload form. Plain forms posting to /resources/attachments
// (multipart), which answer with a redirect back here carrying the outcome, so
// they work without JavaScript; the outcome is announced and focused.
import { useEffect, useRef } from "react";
import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface EditAttachment {
  id: string;
  fileName: string;
  size: number;
}

const OUTCOMES = ["added", "removed", "missing", "tooLarge", "badType", "tooMany"] as const;
type Outcome = (typeof OUTCOMES)[number];

export function AttachmentsEditor({
  caseId,
  attachments,
  maxMb,
  maxCount,
  accept,
}: {
  caseId: string;
  attachments: EditAttachment[];
  maxMb: number;
  maxCount: number;
  accept: string;
}) {
  const { t, i18n } = useTranslation("writing");
  const [params] = useSearchParams();
  const raw = params.get("attachment");
  const outcome = OUTCOMES.includes(raw as Outcome) ? (raw as Outcome) : null;
  const ok = outcome === "added" || outcome === "removed";
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome) messageRef.current?.focus();
  }, [outcome]);
  const kb = (bytes: number) => Math.max(1, Math.round(bytes / 1024)).toLocaleString(i18n.language);
  return (
    <section id="attachments" aria-labelledby="attachments-title" className="attachments-editor">
      <h2 id="attachments-title">{t("attachments.title")}</h2>
      {outcome ? (
        <p
          ref={messageRef}
          tabIndex={-1}
          className={ok ? "notice" : "form-error"}
          role={ok ? "status" : "alert"}
          id="attachment-outcome"
        >
          {ok
            ? t(`attachments.${outcome}`)
            : t(`attachments.errors.${outcome}`, { max: outcome === "tooMany" ? maxCount : maxMb })}
        </p>
      ) : null}
      {attachments.length ? (
        <ul className="attachment-list">
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`/resources/attachments/${a.id}`} download>
                {a.fileName}
              </a>
              <span className="meta">{t("attachments.size", { size: kb(a.size) })}</span>
              <form
                method="post"
                action={`/resources/attachments?intent=remove&caseId=${encodeURIComponent(caseId)}&id=${encodeURIComponent(a.id)}`}
              >
                <button type="submit" className="button-secondary button-small">
                  {t("attachments.remove", { name: a.fileName })}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="meta">{t("attachments.empty")}</p>
      )}
      {attachments.length < maxCount ? (
        <form
          method="post"
          encType="multipart/form-data"
          action={`/resources/attachments?caseId=${encodeURIComponent(caseId)}`}
          className="attachment-upload"
        >
          <div className="field">
            <label htmlFor="attachment-file">{t("attachments.file", { max: maxMb })}</label>
            <input id="attachment-file" name="file" type="file" accept={accept} required />
          </div>
          <button type="submit" className="button-secondary">
            {t("attachments.upload")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
