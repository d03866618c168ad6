// The collection form (典型案例汇编), shared by /collections/new and the editor
// page: titles, introduction (Tiptap), publish date, featured flag, source call.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorList, FormErrors, TextField } from "~/components/forms.tsx";
import { RichTextFormField } from "~/components/rich-text-form-field.tsx";
import { COLLECTION_LIMITS, CollectionFormSchema } from "~/models/collection-input.ts";

export interface CollectionFormValues {
  title: string;
  titleEn: string;
  introduction: string;
  introductionEn: string;
  publishDate: string;
  featured: boolean;
  callId: string;
}

export function CollectionForm({
  lastResult,
  defaults,
  calls,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]>;
  defaults: CollectionFormValues;
  calls: Array<{ id: string; title: string }>;
  submitLabel: string;
}) {
  const { t } = useTranslation("collections");
  const [form, fields] = useForm<z.input<typeof CollectionFormSchema>, z.output<typeof CollectionFormSchema>>({
    id: "collection-form",
    lastResult,
    defaultValue: { ...defaults, featured: defaults.featured ? "on" : undefined },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CollectionFormSchema }),
  });
  const kept = (lastResult?.initialValue ?? {}) as Record<string, unknown>;
  const json = (name: "introduction" | "introductionEn") =>
    typeof kept[name] === "string" ? kept[name] : defaults[name];
  const { key: dateKey, ...dateProps } = getInputProps(fields.publishDate, { type: "date" });
  const { key: featuredKey, ...featuredProps } = getInputProps(fields.featured, { type: "checkbox" });
  const callValue = typeof kept.callId === "string" ? kept.callId : defaults.callId;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <FormErrors errors={form.errors} />
      <TextField
        field={fields.title}
        label={t("form.title")}
        hint={t("form.titleHint")}
        maxLength={COLLECTION_LIMITS.title}
        required
        lang="zh-CN"
      />
      <TextField field={fields.titleEn} label={t("form.titleEn")} maxLength={COLLECTION_LIMITS.title} lang="en" />
      <RichTextFormField field={fields.introduction} label={t("form.introduction")} json={json("introduction")} />
      <RichTextFormField field={fields.introductionEn} label={t("form.introductionEn")} json={json("introductionEn")} />
      <div className="field">
        <label htmlFor={fields.publishDate.id}>
          {t("form.publishDate")} <span className="meta">({t("calls:beijingTime")})</span>
        </label>
        <input key={dateKey} {...dateProps} aria-describedby={`${fields.publishDate.id}-hint`} />
        <p id={`${fields.publishDate.id}-hint`} className="field-hint">
          {t("form.publishDateHint")}
        </p>
        <ErrorList id={fields.publishDate.errorId} errors={fields.publishDate.errors} />
      </div>
      <div className="field">
        <label htmlFor="collection-call">{t("form.call")}</label>
        <select id="collection-call" name="callId" defaultValue={callValue}>
          <option value="">{t("form.noCall")}</option>
          {calls.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="checkbox-option">
          <input key={featuredKey} {...featuredProps} /> {t("form.featured")}
        </label>
        <p className="field-hint">{t("form.featuredHint")}</p>
      </div>
      <div className="actions">
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
