// /admin/bases/import — an admin uploads the official base list (CSV or XLSX,
// docs/base-import-format.md) and sees a PREVIEW first: bases to create, to
// update (field by field), unchanged, and every bad row with its line number and
// reason. "Apply" writes the previewed file in one transaction, and only when no
// row is bad; the file waits between the two steps under a token bound to the
// admin (base-registry.server.ts).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import type { ImportError } from "~/models/base-import.server.ts";
import { parseBaseFile } from "~/models/base-import.server.ts";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "~/models/base-import-limits.ts";
import {
  applyImport,
  dropStashedImport,
  planAgainst,
  previewImport,
  readStashedImport,
  stashImportFile,
  type ImportPlan,
} from "~/models/base-registry.server.ts";
import { formatNumber } from "~/utils/format.ts";
import { readForm } from "~/utils/form-body.server.ts";

const ImportSchema = z.object({
  intent: z.enum(["preview", "apply"]),
  file: z.any().optional(),
  token: z.string().max(64).optional(),
});

/** How much of a plan the page shows (the counts are always whole). */
const SHOW = 200;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:base:any");
  const t = tFor(context.locale);
  return { meta: { title: `${t("registry:importPage.title")} · ${t("appName")}` } };
}

/** What the page needs of a plan, cut to SHOW rows per list. */
function previewOf(plan: ImportPlan, fileName: string, token: string | null) {
  return {
    fileName,
    token: plan.errors.length ? null : token,
    rows: plan.rows,
    counts: {
      creates: plan.creates.length,
      updates: plan.updates.length,
      unchanged: plan.unchanged,
      errors: plan.errors.length,
    },
    errors: plan.errors.slice(0, SHOW),
    creates: plan.creates.slice(0, SHOW).map(({ line, record }) => ({
      line,
      code: record.code,
      nameZh: record.nameZh,
      nameEn: record.nameEn,
      province: record.province,
      industry: record.industry,
    })),
    updates: plan.updates.slice(0, SHOW),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requirePermission(context, request, "manage:base:any");
  const form = await readForm(request, ImportSchema);
  const intent = form.get("intent");
  if (intent === "apply") {
    const token = String(form.get("token") ?? "");
    const stashed = readStashedImport(admin.id, token);
    if (!stashed) return data({ problem: "expired" as const, preview: null }, { status: 410 });
    const parsed = await parseBaseFile(stashed.bytes);
    const result = await applyImport(admin, parsed, { via: "web", source: stashed.fileName });
    if (!result.ok) {
      // The registry changed since the preview (or the rules did): show the new plan, apply nothing.
      return data(
        { problem: "changed" as const, preview: previewOf(result.plan, stashed.fileName, null) },
        { status: 409 },
      );
    }
    dropStashedImport(token);
    throw redirect(`/admin/bases?imported=${result.created}.${result.updated}.${result.unchanged}`);
  }
  if (intent !== "preview") return data({ problem: "file" as const, preview: null }, { status: 400 });
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0)
    return data({ problem: "file" as const, preview: null }, { status: 400 });
  const fileName = file.name || "upload";
  const bytes =
    file.size > IMPORT_MAX_BYTES ? new Uint8Array(IMPORT_MAX_BYTES + 1) : new Uint8Array(await file.arrayBuffer());
  const parsed = await parseBaseFile(bytes);
  const plan = parsed.errors.length ? planAgainst(parsed, []) : await previewImport(parsed);
  const bad = plan.errors.length > 0;
  const token = bad ? null : stashImportFile(admin.id, fileName, bytes);
  return data({ problem: null, preview: previewOf(plan, fileName, token) }, { status: bad ? 422 : 200 });
}

type Preview = NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>["preview"]>;

function ErrorTable({ errors }: { errors: ImportError[] }) {
  const { t } = useTranslation("registry");
  const size = `${formatNumber(IMPORT_MAX_BYTES / 1_000_000, "en")} MB`;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("importPage.errorsTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("importPage.line")}</th>
            <th scope="col">{t("importPage.column")}</th>
            <th scope="col">{t("importPage.reason")}</th>
            <th scope="col">{t("importPage.value")}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <td>{e.line ?? t("importPage.wholeFile")}</td>
              <td>{e.field ? t(`fields.${e.field}`) : "—"}</td>
              <td>{t(`importErrors.${e.reason}`, { size, rows: formatNumber(IMPORT_MAX_ROWS, "en") })}</td>
              <td className="break">{e.value ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PreviewPanel({ preview }: { preview: Preview }) {
  const { t, i18n } = useTranslation("registry");
  const navigation = useNavigation();
  const en = i18n.language === "en";
  const more = (shown: number, total: number) =>
    total > shown ? <p className="meta">{t("importPage.more", { count: total - shown })}</p> : null;
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">{t("importPage.previewTitle", { file: preview.fileName })}</h2>
      <p role="status">
        {t("importPage.summary", {
          rows: preview.rows,
          creates: preview.counts.creates,
          updates: preview.counts.updates,
          unchanged: preview.counts.unchanged,
          errors: preview.counts.errors,
        })}
      </p>
      {preview.errors.length ? (
        <>
          <p className="warning">{t("importPage.errorsBlock")}</p>
          <ErrorTable errors={preview.errors} />
          {more(preview.errors.length, preview.counts.errors)}
        </>
      ) : null}
      {preview.token ? (
        <Form method="post" className="form-card">
          <input type="hidden" name="token" value={preview.token} />
          <p className="meta">{t("importPage.applyHint")}</p>
          <button type="submit" name="intent" value="apply" disabled={navigation.state !== "idle"}>
            {t("importPage.apply")}
          </button>
        </Form>
      ) : null}
      {preview.creates.length ? (
        <div className="table-wrap">
          <table>
            <caption>{t("importPage.createsTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("importPage.line")}</th>
                <th scope="col">{t("code")}</th>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("province")}</th>
                <th scope="col">{t("industry")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.creates.map((c) => (
                <tr key={c.code}>
                  <td>{c.line}</td>
                  <td>
                    <code>{c.code}</code>
                  </td>
                  <td>{en ? c.nameEn : c.nameZh}</td>
                  <td>{t(`bases:provinces.${c.province}`)}</td>
                  <td>{t(`bases:industries.${c.industry}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {more(preview.creates.length, preview.counts.creates)}
      {preview.updates.length ? (
        <div className="table-wrap">
          <table>
            <caption>{t("importPage.updatesTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("importPage.line")}</th>
                <th scope="col">{t("code")}</th>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("importPage.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.updates.map((u) => (
                <tr key={u.code}>
                  <td>{u.line}</td>
                  <td>
                    <code>{u.code}</code>
                  </td>
                  <td>{en ? u.nameEn : u.nameZh}</td>
                  <td className="break">
                    <ul className="plain">
                      {u.changes.map((c) => (
                        <li key={c.field}>
                          {t(`fields.${c.field}`)}: <del>{String(c.from ?? "—")}</del> →{" "}
                          <ins>{String(c.to ?? "—")}</ins>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {more(preview.updates.length, preview.counts.updates)}
    </section>
  );
}

export default function ImportBases() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("registry");
  const size = `${formatNumber(IMPORT_MAX_BYTES / 1_000_000, "en")} MB`;
  return (
    <>
      <h1>{t("importPage.title")}</h1>
      <p>{t("importPage.intro")}</p>
      <p>
        <Link to="/admin/bases">{t("form.cancel")}</Link>
      </p>
      <Form method="post" encType="multipart/form-data" className="form-card">
        {actionData?.problem ? (
          <p className="error" role="alert">
            {t(
              actionData.problem === "expired"
                ? "importPage.expired"
                : actionData.problem === "changed"
                  ? "importPage.changed"
                  : "importPage.fileRequired",
            )}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="import-file">{t("importPage.file", { size })}</label>
          <input
            id="import-file"
            name="file"
            type="file"
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
        </div>
        <button type="submit" name="intent" value="preview" disabled={navigation.state !== "idle"}>
          {t("importPage.preview")}
        </button>
      </Form>
      {actionData?.preview ? <PreviewPanel preview={actionData.preview} /> : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.meta.title }] : []);
