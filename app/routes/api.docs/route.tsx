// GET /api/docs: the search API for people, in both languages; the parameters and
// responses come from the same OpenAPI description as /api/openapi.json.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { searchApiSpec } from "~/features/search-api/openapi.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { pageTitle } from "~/utils/page-meta.ts";

export function loader({ context }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  const origin = appOrigin();
  const op = searchApiSpec(origin).paths["/api/search"].get;
  return {
    origin,
    parameters: op.parameters.map((p) => ({
      name: p.name,
      description: "description" in p ? String(p.description) : "",
      schema: JSON.stringify(p.schema),
    })),
    responses: Object.entries(op.responses).map(([status, r]) => ({ status, description: r.description })),
    meta: { title: pageTitle(t("apidocs:title"), t("common:appName")), description: t("apidocs:description") },
  };
}

export default function ApiDocs() {
  const { origin, parameters, responses } = useLoaderData<typeof loader>();
  const { t } = useTranslation("apidocs");
  const limits = t("limitList", { returnObjects: true }) as string[];
  return (
    <div className="prose api-docs">
      <h1>{t("title")}</h1>
      <p>{t("description")}</p>
      <p>
        {t("intro")} <a href="/api/openapi.json">/api/openapi.json</a>
      </p>
      <h2>{t("limits")}</h2>
      <ul>
        {limits.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <h2 id="api-parameters">{t("parameters")}</h2>
      {/* Scrolls sideways by itself on a phone; focusable so a keyboard can scroll it. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must take focus (WCAG 2.1.1) */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="api-parameters">
        <table>
          <tbody>
            {parameters.map((p) => (
              <tr key={p.name}>
                <th scope="row">
                  <code>{p.name}</code>
                </th>
                <td>{p.description}</td>
                <td>
                  <code>{p.schema}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("responses")}</h2>
      <ul>
        {responses.map((r) => (
          <li key={r.status}>
            <code>{r.status}</code> {r.description}
          </li>
        ))}
      </ul>
      <h2>{t("example")}</h2>
      <pre>
        <code>{`curl '${origin}/api/search?q=${encodeURIComponent("跨境电商")}&province=Fujian'`}</code>
      </pre>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "description", content: data?.meta.description },
];
