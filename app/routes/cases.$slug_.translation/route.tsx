// Writing and editing a case's translation (issue 12.1): title, summary and the
// five sections in the language the case is not written in, beside the original.
// The author, moderators and ministry staff (and admins) may; the model decides.
import { pageTitle } from "~/utils/page-meta.ts";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { JSONContent } from "@tiptap/core";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "~/auth/guards.server.ts";
import { ErrorList, FormErrors, TextareaField, TextField } from "~/components/forms.tsx";
import { Time } from "~/components/time.tsx";
import { editorLinks, RichTextField } from "~/editor/rich-text-field.tsx";
import { docToPlainText, renderDocHtml } from "~/editor/render.server.ts";
import { docFromPlainText, isEmptyDoc, validateDoc } from "~/editor/validate.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { LIMITS, SECTIONS, type SectionName } from "~/models/case-content.ts";
import { CaseError, findCaseBySlug } from "~/models/case.server.ts";
import {
  getTranslationForEditing,
  saveTranslation,
  type TranslationSections,
} from "~/models/case-translation.server.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { TranslationSchema } from "./schema.ts";

export const links: LinksFunction = () => editorLinks();

async function loadForTranslation(slug: string | undefined, user: { id: string; role: string }) {
  const found = slug ? await findCaseBySlug(slug) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  if (found.redirectTo) throw redirect(`/cases/${found.redirectTo}/translation`, 301);
  try {
    const t = await getTranslationForEditing(found.id, user);
    if (!t) throw new Response("Not found", { status: 404 });
    return t;
  } catch (e) {
    if (e instanceof CaseError && e.code === "forbidden") throw forbidden("case");
    throw e;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const found = await loadForTranslation(params.slug, user);
  const t = tFor(context.locale);
  const { case: c, translation, locale } = found;
  const sections = translation?.sections ?? (Object.fromEntries(SECTIONS.map((s) => [s, null])) as TranslationSections);
  return {
    case: { slug: c.slug, title: c.title, summary: c.summary, contentLanguage: c.contentLanguage },
    original: SECTIONS.map((s) => ({
      name: s,
      html: c.sections[s] ? renderDocHtml(c.sections[s], "case") : "",
    })).filter((s) => s.html),
    locale,
    translation: {
      title: translation?.title ?? "",
      summary: translation?.summary ?? "",
      revision: translation?.revisionNumber ?? 0,
      updatedAt: translation ? new Date(translation.updatedAt).toISOString() : null,
      sections: Object.fromEntries(SECTIONS.map((s) => [s, sections[s] ?? null])) as Record<SectionName, unknown>,
      sectionText: Object.fromEntries(
        SECTIONS.map((s) => [s, docToPlainText((sections[s] ?? null) as JSONContent | null)]),
      ) as Record<SectionName, string>,
    },
    revisions: found.revisions.map((r) => ({ number: r.number, createdAt: new Date(r.createdAt).toISOString() })),
    meta: {
      title: pageTitle(
        t("language:translation.pageTitle", { title: c.title, language: t(`language:names.${locale}`) }),
        t("common:appName"),
      ),
    },
  };
}

type ActionReply = { result: SubmissionResult<string[]> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const found = await loadForTranslation(params.slug, user);
  const formData = await readForm(
    request,
    TranslationSchema,
    SECTIONS.map((s) => `${s}Text`),
  );
  // Without JavaScript the sections are textareas named `<section>Text`.
  for (const s of SECTIONS) {
    const text = formData.get(`${s}Text`);
    if (!formData.get(s) && typeof text === "string" && text.trim()) {
      formData.set(s, JSON.stringify(docFromPlainText(text)));
    }
  }
  const submission = parseWithZod(formData, { schema: TranslationSchema });
  if (submission.status !== "success") {
    return data<ActionReply>({ result: submission.reply() }, { status: 400 });
  }
  const v = submission.value;
  const sections = {} as TranslationSections;
  const fieldErrors: Record<string, string[]> = {};
  for (const s of SECTIONS) {
    const raw = v[s];
    if (raw == null) {
      sections[s] = null;
      continue;
    }
    const checked = validateDoc(raw, "case");
    if (!checked.ok) fieldErrors[s] = checked.errors;
    else sections[s] = isEmptyDoc(checked.doc) ? null : checked.doc;
  }
  if (Object.keys(fieldErrors).length) {
    return data<ActionReply>({ result: submission.reply({ fieldErrors }) }, { status: 400 });
  }
  try {
    await saveTranslation(
      found.case.id,
      user,
      { title: v.title, summary: v.summary, sections },
      { expectedRevision: v.revision },
    );
  } catch (e) {
    if (e instanceof CaseError && e.code === "conflict") {
      return data<ActionReply>(
        { result: submission.reply({ formErrors: ["language:errors.translationConflict"] }) },
        { status: 409 },
      );
    }
    if (e instanceof CaseError && e.code === "forbidden") throw forbidden("case");
    if (e instanceof CaseError && e.code === "not-found") throw new Response("Not found", { status: 404 });
    throw e;
  }
  // The translator sees the page in the language they just wrote.
  throw redirect(`/cases/${found.case.slug}?lang=${found.locale}&translated=1`);
}

export default function TranslationPage() {
  const { case: c, original, locale, translation, revisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("language");
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { title: translation.title, summary: translation.summary, revision: String(translation.revision) },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TranslationSchema }),
  });
  const targetName = t(`names.${locale}`);
  return (
    <>
      <nav aria-label={t("translation.breadcrumb")} className="meta">
        <Link to={`/cases/${c.slug}`}>
          <span lang={c.contentLanguage}>{c.title}</span>
        </Link>
      </nav>
      <h1>{t("translation.heading", { language: targetName })}</h1>
      <p className="meta">
        {t("translation.intro", { from: t(`names.${c.contentLanguage}`), to: targetName })}
        {translation.updatedAt ? (
          <>
            {" "}
            {t("translation.lastSaved", { revision: translation.revision })} <Time value={translation.updatedAt} />
          </>
        ) : null}
      </p>
      <div className="translation-layout">
        <Form method="post" {...getFormProps(form)} className="case-form" lang={locale}>
          <FormErrors errors={form.errors} />
          <input type="hidden" name="revision" value={translation.revision} />
          <TextField
            field={fields.title}
            label={t("translation.title", { language: targetName })}
            maxLength={LIMITS.title}
            required
            lang={locale}
          />
          <TextareaField
            field={fields.summary}
            label={t("translation.summary", { language: targetName })}
            maxLength={LIMITS.summary}
            required
            lang={locale}
            rows={3}
          />
          {SECTIONS.map((s) => {
            const field = fields[s];
            const label = t(`cases:sections.${s}`);
            const doc = (translation.sections[s] ?? null) as unknown as JSONContent | null;
            return (
              <div key={s} className="field section-field">
                <RichTextField
                  name={s}
                  kind="case"
                  label={label}
                  initialDoc={doc}
                  maxChars={LIMITS.sectionChars}
                  describedBy={field.errors?.length ? field.errorId : undefined}
                  invalid={Boolean(field.errors?.length)}
                  fallback={
                    <>
                      <label htmlFor={`${s}-text`}>{label}</label>
                      <textarea
                        id={`${s}-text`}
                        name={`${s}Text`}
                        defaultValue={translation.sectionText[s]}
                        rows={6}
                        maxLength={LIMITS.sectionChars}
                        lang={locale}
                      />
                      <input type="hidden" name={s} value={doc ? JSON.stringify(doc) : ""} readOnly />
                    </>
                  }
                />
                <ErrorList id={field.errorId} errors={field.errors} />
              </div>
            );
          })}
          <div className="actions">
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("translation.save")}
            </button>
          </div>
        </Form>
        <aside className="translation-original" aria-labelledby="original-title" lang={c.contentLanguage}>
          <h2 id="original-title">{t("translation.original", { language: t(`names.${c.contentLanguage}`) })}</h2>
          <p>
            <strong>{c.title}</strong>
          </p>
          <p>{c.summary}</p>
          {original.map((s) => (
            <section key={s.name}>
              <h3>{t(`cases:sections.${s.name}`)}</h3>
              {/* Rendered on the server from a document checked against the editor schema. */}
              <div className="rich-text" dangerouslySetInnerHTML={{ __html: s.html }} />
            </section>
          ))}
        </aside>
      </div>
      {revisions.length > 0 ? (
        <section aria-labelledby="translation-revisions">
          <h2 id="translation-revisions">{t("translation.revisions")}</h2>
          <ol reversed className="plain-list">
            {revisions.map((r) => (
              <li key={r.number}>
                {t("translation.revision", { number: r.number })} · <Time value={r.createdAt} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "robots", content: "noindex" },
];
