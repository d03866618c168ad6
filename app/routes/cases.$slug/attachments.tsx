// The case's source documents (issue 12.10), each a download link with its size.
import { useTranslation } from "react-i18next";

export function CaseAttachments({ items }: { items: { id: string; fileName: string; size: number }[] }) {
  const { t, i18n } = useTranslation("writing");
  if (!items.length) return null;
  const kb = (bytes: number) => Math.max(1, Math.round(bytes / 1024)).toLocaleString(i18n.language);
  return (
    <section aria-labelledby="attachments-title" className="case-section case-attachments">
      <h2 id="attachments-title">{t("attachments.title")}</h2>
      <ul className="attachment-list">
        {items.map((a) => (
          <li key={a.id}>
            <a href={`/resources/attachments/${a.id}`} download>
              {a.fileName}
            </a>
            <span className="meta">{t("attachments.size", { size: kb(a.size) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
