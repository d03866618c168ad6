// /collections/:slug/edit — ministry staff assemble a typical-case collection:
// its details, the ordered cases with an editor's note each (up/down buttons, so
// reordering needs no JavaScript), adding a case by its address or the selected
// submissions of the collection's call, and publishing (the cases become
// 典型案例) or withdrawing it. Every change is audit-logged by the model.
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server.ts";
import { ErrorList, FormErrors } from "~/components/forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { CollectionForm } from "~/features/collections/collection-form.tsx";
import { callChoices, parseCollectionForm } from "~/features/collections/collection-form.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { callTitle } from "~/models/call.server.ts";
import { findCaseBySlug } from "~/models/case.server.ts";
import {
  AddItemSchema,
  AddSelectedSchema,
  COLLECTION_LIMITS,
  CollectionFormSchema,
  ItemActionSchema,
  ItemNoteSchema,
  PublishSchema,
} from "~/models/collection-input.ts";
import {
  CollectionError,
  addCollectionItem,
  addSelectedSubmissions,
  collectionTitle,
  getCollection,
  moveCollectionItem,
  removeCollectionItem,
  setCollectionItemNote,
  setCollectionPublished,
  updateCollection,
} from "~/models/collection.server.ts";
import { formatDate } from "~/utils/format.ts";
import { readForm } from "~/utils/form-body.server.ts";
import { routeMeta } from "~/utils/page-meta.ts";

export const links = () => editorLinks();

async function load(slug: string | undefined) {
  const c = slug ? await getCollection(slug) : null;
  if (!c) throw new Response("Not found", { status: 404 });
  return c;
}

/** Beijing calendar day of an instant, as a date input wants it. */
const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:collection:any");
  const c = await load(params.slug);
  const locale = context.locale;
  const en = locale === "en";
  const t = tFor(locale);
  const calls = await callChoices();
  return {
    collection: {
      id: c.id,
      slug: c.slug,
      title: collectionTitle(c, locale),
      status: c.status,
      publishedAt: c.publishedAt?.toISOString() ?? null,
      hasCall: Boolean(c.callId),
    },
    defaults: {
      title: c.title,
      titleEn: c.titleEn ?? "",
      introduction: c.introduction,
      introductionEn: c.introductionEn ?? "",
      publishDate: c.publishedAt ? beijingDate(c.publishedAt) : "",
      featured: c.featured,
      callId: c.callId ?? "",
    },
    calls: calls.map((x) => ({ id: x.id, title: callTitle(x, locale) })),
    items: c.items.map((i) => ({
      caseId: i.case.id,
      slug: i.case.slug,
      title: en && i.case.titleEn ? i.case.titleEn : i.case.title,
      visible: i.case.status === "published" && !i.case.deletedAt,
      note: i.note,
      noteEn: i.noteEn ?? "",
    })),
    meta: { title: `${t("collections:edit.title")} · ${t("common:appName")}` },
  };
}

type ActionResult = { result: SubmissionResult<string[]>; intent: string; caseId?: string };

/** A case address (https://…/cases/slug, /cases/slug) or a bare slug → the case id. */
async function caseIdFromRef(ref: string): Promise<string | null> {
  const m = /\/cases\/([^/?#]+)/.exec(ref);
  const slug = decodeURIComponent(m ? m[1]! : ref).trim();
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  return (await findCaseBySlug(slug))?.id ?? null;
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "manage:collection:any");
  const c = await load(params.slug);
  const form = await readForm(
    request,
    CollectionFormSchema,
    ItemActionSchema,
    ItemNoteSchema,
    AddItemSchema,
    AddSelectedSchema,
    PublishSchema,
  );
  const intent = String(form.get("intent") ?? "save");
  const back = redirect(`/collections/${c.slug}/edit`);
  const fail = (result: SubmissionResult<string[]>, status: number, caseId?: string) =>
    data<ActionResult>({ result, intent, caseId }, { status });
  try {
    switch (intent) {
      case "save": {
        const { submission, input } = await parseCollectionForm(form);
        if (!input) return fail(submission.reply(), 400);
        await updateCollection(user, c.id, input);
        return back;
      }
      case "up":
      case "down":
      case "remove": {
        const s = parseWithZod(form, { schema: ItemActionSchema });
        if (s.status !== "success") return fail(s.reply(), 400);
        if (s.value.intent === "remove") await removeCollectionItem(user, c.id, s.value.caseId);
        else await moveCollectionItem(user, c.id, s.value.caseId, s.value.intent);
        return redirect(`/collections/${c.slug}/edit#item-${s.value.caseId}`);
      }
      case "note": {
        const s = parseWithZod(form, { schema: ItemNoteSchema });
        if (s.status !== "success") return fail(s.reply(), 400, String(form.get("caseId") ?? ""));
        await setCollectionItemNote(user, c.id, s.value.caseId, s.value.note, s.value.noteEn);
        return redirect(`/collections/${c.slug}/edit#item-${s.value.caseId}`);
      }
      case "add": {
        const s = parseWithZod(form, { schema: AddItemSchema });
        if (s.status !== "success") return fail(s.reply(), 400);
        const caseId = await caseIdFromRef(s.value.caseRef);
        if (!caseId) return fail(s.reply({ fieldErrors: { caseRef: ["collections:errors.caseNotFound"] } }), 400);
        try {
          await addCollectionItem(user, c.id, caseId);
        } catch (e) {
          if (e instanceof CollectionError && e.code !== "forbidden")
            return fail(s.reply({ fieldErrors: { caseRef: [`collections:errors.${e.code}`] } }), 400);
          throw e;
        }
        return back;
      }
      case "add-selected": {
        const s = parseWithZod(form, { schema: AddSelectedSchema });
        await addSelectedSubmissions(user, c.id);
        return s.status === "success" ? back : fail(s.reply(), 400);
      }
      case "publish":
      case "unpublish": {
        const s = parseWithZod(form, { schema: PublishSchema });
        if (s.status !== "success") return fail(s.reply(), 400);
        try {
          await setCollectionPublished(user, c.id, intent === "publish");
        } catch (e) {
          if (e instanceof CollectionError && e.code === "empty")
            return fail(s.reply({ formErrors: ["collections:errors.empty"] }), 400);
          throw e;
        }
        return back;
      }
      default:
        return fail({ status: "error", error: { "": ["collections:errors.unknownAction"] } }, 400);
    }
  } catch (e) {
    if (e instanceof CollectionError && e.code === "forbidden") throw new Response("Forbidden", { status: 403 });
    if (e instanceof CollectionError && e.code === "case-invalid")
      return fail({ status: "error", error: { "": ["collections:errors.case-invalid"] } }, 400);
    throw e;
  }
}

export default function EditCollection() {
  const { collection, defaults, calls, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionResult>();
  const { t, i18n } = useTranslation("collections");
  const err = (intent: string) => (actionData?.intent === intent ? (actionData.result.error ?? {}) : {});
  const published = collection.status === "published";
  return (
    <>
      <p className="meta">
        <Link to="/collections">{t("list.title")}</Link> ·{" "}
        <Link to={`/collections/${collection.slug}`}>{t("edit.view")}</Link>
      </p>
      <h1>{t("edit.heading", { title: collection.title })}</h1>
      <p className="meta">
        <span className="tag">{t(`status.${collection.status}`)}</span>
        {collection.publishedAt ? <> · {formatDate(collection.publishedAt, i18n.language, "long-date")}</> : null}
      </p>

      <section aria-labelledby="publish-heading" className="card">
        <h2 id="publish-heading">{t("edit.publishing")}</h2>
        <FormErrors errors={err("publish")[""] ?? null} />
        <p>{published ? t("edit.publishedHint") : t("edit.draftHint")}</p>
        <Form method="post">
          <button type="submit" name="intent" value={published ? "unpublish" : "publish"}>
            {published ? t("edit.unpublish") : t("edit.publish")}
          </button>
        </Form>
        <p className="actions">
          <a href={`/collections/${collection.slug}/compendium.docx`}>{t("compendium.docx")}</a>
          <a href={`/collections/${collection.slug}/compendium.docx?lang=en`}>{t("compendium.docxEn")}</a>
          <a href={`/collections/${collection.slug}/print`}>{t("compendium.print")}</a>
        </p>
      </section>

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">{t("edit.items", { count: items.length })}</h2>
        <FormErrors
          errors={
            actionData && ["up", "down", "remove"].includes(actionData.intent)
              ? (actionData.result.error?.[""] ?? null)
              : null
          }
        />
        {items.length === 0 ? <p>{t("edit.noItems")}</p> : null}
        <ol className="collection-items">
          {items.map((item, index) => {
            const noteErrors =
              actionData?.intent === "note" && actionData.caseId === item.caseId ? (actionData.result.error ?? {}) : {};
            return (
              <li key={item.caseId} id={`item-${item.caseId}`} className="card">
                <h3>
                  <Link to={`/cases/${item.slug}`}>{item.title}</Link>
                  {item.visible ? null : <span className="tag"> {t("edit.hiddenCase")}</span>}
                </h3>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="caseId" value={item.caseId} />
                  <button
                    type="submit"
                    name="intent"
                    value="up"
                    className="button-secondary button-small"
                    disabled={index === 0}
                    aria-label={t("edit.upLabel", { title: item.title })}
                  >
                    {t("edit.up")}
                  </button>{" "}
                  <button
                    type="submit"
                    name="intent"
                    value="down"
                    className="button-secondary button-small"
                    disabled={index === items.length - 1}
                    aria-label={t("edit.downLabel", { title: item.title })}
                  >
                    {t("edit.down")}
                  </button>{" "}
                  <button
                    type="submit"
                    name="intent"
                    value="remove"
                    className="button-secondary button-small"
                    aria-label={t("edit.removeLabel", { title: item.title })}
                  >
                    {t("edit.remove")}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="note" />
                  <input type="hidden" name="caseId" value={item.caseId} />
                  <div className="field">
                    <label htmlFor={`note-${item.caseId}`}>{t("edit.note")}</label>
                    <textarea
                      id={`note-${item.caseId}`}
                      name="note"
                      rows={2}
                      maxLength={COLLECTION_LIMITS.note}
                      defaultValue={item.note}
                      lang="zh-CN"
                    />
                    <ErrorList errors={noteErrors.note} />
                  </div>
                  <div className="field">
                    <label htmlFor={`note-en-${item.caseId}`}>{t("edit.noteEn")}</label>
                    <textarea
                      id={`note-en-${item.caseId}`}
                      name="noteEn"
                      rows={2}
                      maxLength={COLLECTION_LIMITS.note}
                      defaultValue={item.noteEn}
                      lang="en"
                    />
                    <ErrorList errors={noteErrors.noteEn} />
                  </div>
                  <button type="submit" className="button-secondary button-small">
                    {t("edit.saveNote")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ol>
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="add" />
          <div className="field">
            <label htmlFor="case-ref">{t("edit.addCase")}</label>
            <input id="case-ref" name="caseRef" maxLength={300} aria-describedby="case-ref-hint" />
            <p id="case-ref-hint" className="field-hint">
              {t("edit.addCaseHint")}
            </p>
            <ErrorList errors={err("add").caseRef} />
          </div>
          <button type="submit" className="button-secondary">
            {t("edit.add")}
          </button>
        </Form>
        {collection.hasCall ? (
          <Form method="post">
            <button type="submit" name="intent" value="add-selected" className="button-secondary">
              {t("edit.addSelected")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="details-heading" className="form-card">
        <h2 id="details-heading">{t("edit.details")}</h2>
        <CollectionForm
          lastResult={actionData?.intent === "save" ? actionData.result : undefined}
          defaults={defaults}
          calls={calls}
          submitLabel={t("form.save")}
        />
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
