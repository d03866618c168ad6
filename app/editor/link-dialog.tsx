// The editor's "add link" dialog (issue 12.10), replacing window.prompt: a modal
// <dialog> (the browser traps focus in it and closes it on Escape) with a
// labelled address field checked by the same rule the server applies
// (normalizeTypedHref → isSafeHref), and a link-text field when nothing is
// selected. Rendered into <body>: the editor sits inside the case form, and a
// form must not contain another form.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { normalizeTypedHref } from "./urls.ts";

export interface LinkDialogProps {
  /** The link being edited, or "" for a new one. */
  initialHref: string;
  /** Ask for the text to show (nothing is selected to become the link). */
  askText: boolean;
  onSave: (link: { href: string; text: string }) => void;
  /** Offered when editing an existing link. */
  onRemove?: () => void;
  /** Closed without a change (Escape, Cancel); focus goes back to the editor. */
  onClose: () => void;
}

export function LinkDialog({ initialHref, askText, onSave, onRemove, onClose }: LinkDialogProps) {
  const { t } = useTranslation("writing");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId().replace(/:/g, "");
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    urlRef.current?.focus();
    urlRef.current?.select();
    // Escape fires "cancel" then "close"; every way out ends here.
    const closed = () => onCloseRef.current();
    dialog.addEventListener("close", closed);
    return () => dialog.removeEventListener("close", closed);
  }, []);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const data = new FormData(e.currentTarget);
    const href = normalizeTypedHref(String(data.get("href") ?? ""));
    if (!href) {
      setError(t("link.invalid"));
      urlRef.current?.focus();
      return;
    }
    onSave({ href, text: String(data.get("text") ?? "").trim() });
  };

  return createPortal(
    <dialog ref={dialogRef} className="rte-dialog" aria-labelledby={`${id}-title`}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`} className="rte-dialog-title">
          {t("link.dialogTitle")}
        </h2>
        <div className="field">
          <label htmlFor={`${id}-href`}>{t("link.url")}</label>
          <input
            ref={urlRef}
            id={`${id}-href`}
            name="href"
            type="url"
            inputMode="url"
            autoComplete="url"
            defaultValue={initialHref || "https://"}
            maxLength={2048}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          />
          <p id={`${id}-hint`} className="field-hint">
            {t("link.urlHint")}
          </p>
          {error ? (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        {askText ? (
          <div className="field">
            <label htmlFor={`${id}-text`}>{t("link.text")}</label>
            <input id={`${id}-text`} name="text" maxLength={300} aria-describedby={`${id}-text-hint`} />
            <p id={`${id}-text-hint`} className="field-hint">
              {t("link.textHint")}
            </p>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit">{t("link.save")}</button>
          {onRemove ? (
            <button type="button" className="button-secondary" onClick={onRemove}>
              {t("link.remove")}
            </button>
          ) : null}
          <button type="button" className="button-secondary" onClick={() => dialogRef.current?.close()}>
            {t("link.cancel")}
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
