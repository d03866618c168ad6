// Previous/next links that keep the page's other query parameters (filters);
// `numbered` adds links to the first, last and nearby pages.
import { AppLink } from "~/components/app-link.tsx";
import { useTranslation } from "react-i18next";

/** Pages to link around the current one: 1 … p-2 p-1 p p+1 p+2 … last (null = a gap). */
export function pageWindow(page: number, pages: number, radius = 2): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= radius) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

export function Pager({
  page,
  pages,
  search,
  numbered = false,
}: {
  page: number;
  pages: number;
  search: string;
  numbered?: boolean;
}) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(search);
    if (p <= 1) params.delete("page");
    else params.set("page", String(p));
    const qs = params.toString();
    return qs ? `?${qs}` : "?";
  };
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <AppLink to={href(page - 1)} rel="prev">
          {t("pagination.previous")}
        </AppLink>
      ) : null}
      {numbered ? (
        <ol className="page-numbers">
          {pageWindow(page, pages).map((p, i) =>
            p === null ? (
              <li key={`gap-${i}`} aria-hidden="true">
                …
              </li>
            ) : (
              <li key={p}>
                {p === page ? (
                  <span aria-current="page">
                    <span className="sr-only">{t("pagination.page", { page: p, pages })}</span>
                    <span aria-hidden="true">{p}</span>
                  </span>
                ) : (
                  <AppLink to={href(p)} aria-label={t("pagination.page", { page: p, pages })}>
                    {p}
                  </AppLink>
                )}
              </li>
            ),
          )}
        </ol>
      ) : (
        <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      )}
      {page < pages ? (
        <AppLink to={href(page + 1)} rel="next">
          {t("pagination.next")}
        </AppLink>
      ) : null}
    </nav>
  );
}
