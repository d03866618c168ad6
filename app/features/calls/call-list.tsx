// A list of calls with status, deadline (Beijing time) and submission count.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Deadline } from "./deadline.tsx";

export interface CallListItem {
  slug: string;
  title: string;
  status: string;
  deadline: string;
  submissions: number;
}

export function CallList({ calls, headingLevel = 3 }: { calls: CallListItem[]; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("calls");
  const H = `h${headingLevel}` as const;
  return (
    <ul className="plain-list call-list">
      {calls.map((c) => (
        <li key={c.slug} className="card">
          <H>
            <Link to={`/calls/${c.slug}`}>{c.title}</Link>
          </H>
          <p className="meta">
            <span className={`tag call-status call-status-${c.status}`}>{t(`status.${c.status}`)}</span> {t("deadline")}
            : <Deadline value={c.deadline} /> · {t("submissionCount", { count: c.submissions })}
          </p>
        </li>
      ))}
    </ul>
  );
}
