// Sharing a case: its permalink in a read-only field (select and copy it without
// JavaScript), a copy button once the page is interactive, and a QR code (inline
// SVG from the server, and a PNG download for printouts) that WeChat can scan.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { markupHtml } from "~/utils/markup-once.ts";

/** `qrSvg` is undefined on the client when a document's data left it to the markup (markup-once.ts). */
export function ShareBox({ url, qrSvg, pngHref }: { url: string; qrSvg: string | undefined; pngHref: string }) {
  const { t } = useTranslation("profile");
  const input = useRef<HTMLInputElement>(null);
  const [canCopy, setCanCopy] = useState(false);
  const [status, setStatus] = useState<"" | "copied" | "failed">("");
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus("copied");
    } catch {
      // Clipboard refused (permissions, insecure origin): select the text so Ctrl+C works.
      input.current?.select();
      setStatus("failed");
    }
  }

  return (
    <section className="share-box" aria-labelledby="share-title">
      <h2 id="share-title">{t("share.title")}</h2>
      <div className="share-link">
        <label htmlFor="share-url">{t("share.permalink")}</label>
        <div className="share-link-row">
          <input
            ref={input}
            id="share-url"
            type="url"
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby="share-url-hint"
          />
          {canCopy ? (
            <button type="button" className="button-secondary button-small" onClick={() => void copy()}>
              {t("share.copy")}
            </button>
          ) : null}
        </div>
        <p className="field-hint" id="share-url-hint">
          {t("share.permalinkHint")}
        </p>
        <p role="status" className="share-status">
          {status ? t(`share.${status}`) : ""}
        </p>
      </div>
      <figure className="share-qr">
        {/* Generated on the server from our own URL (app/utils/qr.server.ts): no user text inside. */}
        <div
          id="share-qr-svg"
          role="img"
          aria-label={t("share.qrAlt")}
          dangerouslySetInnerHTML={{ __html: markupHtml(qrSvg, "share-qr-svg") }}
        />
        <figcaption>
          {t("share.qrCaption")}{" "}
          <a href={pngHref} download>
            {t("share.qrDownload")}
          </a>
        </figcaption>
      </figure>
    </section>
  );
}
