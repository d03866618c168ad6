// The confirmation shown after publishing (issue 12.10 / 12.6). The case form
// redirects to /cases/<slug>?published=<revision>; this reads that parameter, so
// the author sees (and a screen reader hears) that publishing worked. Rendered on
// the server too, so it also shows without JavaScript; with JavaScript focus
// moves to it, where the author's attention was (the publish button) is gone.
// It also warns when images went out without a text description (issue 12.5).
import { AppLink } from "~/components/app-link.tsx";
import { useEffect, useRef } from "react";
import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function publishedRevision(params: URLSearchParams): number | null {
  const raw = params.get("published");
  if (raw == null) return null;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 && n < 1_000_000 ? n : null;
}

export function PublishedNotice({ imagesWithoutAlt, editHref }: { imagesWithoutAlt: number; editHref: string }) {
  const [params] = useSearchParams();
  const { t } = useTranslation("writing");
  const revision = publishedRevision(params);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (revision != null) ref.current?.focus();
  }, [revision]);
  if (revision == null) return null;
  return (
    <div ref={ref} id="published-notice" className="notice notice-success" role="status" tabIndex={-1}>
      <p>{revision === 1 ? t("published.first") : t("published.update", { revision })}</p>
      {imagesWithoutAlt > 0 ? (
        <p className="published-warning">
          {t("published.missingAlt", { count: imagesWithoutAlt })}{" "}
          <AppLink to={editHref}>{t("published.addAlt")}</AppLink>
        </p>
      ) : null}
    </div>
  );
}
