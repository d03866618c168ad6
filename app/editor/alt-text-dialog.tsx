// The editor's "describe the image" dialog (issue 12.5): asked after every image
// upload, and again from the toolbar's "Image description" button when an image
// is selected. A modal <dialog> like the link dialog (link-dialog.tsx): focus is
// trapped in it, Escape closes it, and it is rendered into <body> because the
// editor sits inside a form. Closing without saving keeps the image without a
// description; the editor then shows how many images still lack one.
import { useEffect, useId, useRef, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";

/** The validator's limit for an image's alt attribute (validate.server.ts). */
export const ALT_MAX = 500;

export interface AltTextDialogProps {
  /** The image being described (shown as a small preview). */
  src: string;
  initialAlt: string;
  onSave: (alt: string) => void;
  /** Closed without saving (Escape, "Skip for now"). */
  onClose: () => void;
}

export function AltTextDialog({ src, initialAlt, onSave, onClose }: AltTextDialogProps) {
  const { t } = useTranslation("editor");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const id = useId().replace(/:/g, "");
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const saved = useRef(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    fieldRef.current?.focus();
    const closed = () => {
      if (!saved.current) onCloseRef.current();
    };
    dialog.addEventListener("close", closed);
    return () => dialog.removeEventListener("close", closed);
  }, []);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const alt = String(new FormData(e.currentTarget).get("alt") ?? "")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, ALT_MAX);
    saved.current = true;
    dialogRef.current?.close();
    onSave(alt);
  };

  return createPortal(
    <dialog ref={dialogRef} className="rte-dialog" aria-labelledby={`${id}-title`}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`} className="rte-dialog-title">
          {t("alt.dialogTitle")}
        </h2>
        <img src={src} alt="" className="rte-dialog-image" />
        <div className="field">
          <label htmlFor={`${id}-alt`}>{t("alt.label")}</label>
          <textarea
            ref={fieldRef}
            id={`${id}-alt`}
            name="alt"
            rows={3}
            maxLength={ALT_MAX}
            defaultValue={initialAlt}
            aria-describedby={`${id}-hint`}
          />
          <p id={`${id}-hint`} className="field-hint">
            {t("alt.hint")}
          </p>
        </div>
        <div className="actions">
          <button type="submit">{t("alt.save")}</button>
          <button type="button" className="button-secondary" onClick={() => dialogRef.current?.close()}>
            {t("alt.skip")}
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
