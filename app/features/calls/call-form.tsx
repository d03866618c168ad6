// The call form (案例征集), shared by /calls/new and /calls/:slug/edit: titles,
// descriptions (Tiptap), topics, industries and the deadline in Beijing time.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorList, FormErrors, TextField } from "~/components/forms.tsx";
import { RichTextFormField } from "~/components/rich-text-form-field.tsx";
import { CALL_LIMITS, CallFormSchema } from "~/models/call-input.ts";
import { INDUSTRIES } from "~/models/industry.ts";

export interface CallFormValues {
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  topics: string[];
  industries: string[];
  deadline: string;
}

export function CallForm({
  lastResult,
  defaults,
  topics,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]>;
  defaults: CallFormValues;
  topics: Array<{ slug: string; name: string }>;
  submitLabel: string;
}) {
  const { t } = useTranslation("calls");
  const [form, fields] = useForm<z.input<typeof CallFormSchema>>({
    id: "call-form",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CallFormSchema }),
  });
  const kept = (lastResult?.initialValue ?? {}) as Record<string, unknown>;
  const json = (name: "description" | "descriptionEn") =>
    typeof kept[name] === "string" ? kept[name] : defaults[name];
  const chosen = (name: "topics" | "industries") => {
    const v = lastResult?.initialValue ? kept[name] : defaults[name];
    return new Set(Array.isArray(v) ? (v as string[]) : typeof v === "string" ? [v] : []);
  };
  const topicSet = chosen("topics");
  const industrySet = chosen("industries");
  const { key: deadlineKey, ...deadlineProps } = getInputProps(fields.deadline, { type: "datetime-local" });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <TextField field={fields.title} label={t("form.title")} maxLength={CALL_LIMITS.title} required lang="zh-CN" />
      <TextField field={fields.titleEn} label={t("form.titleEn")} maxLength={CALL_LIMITS.title} lang="en" />
      <RichTextFormField field={fields.description} label={t("form.description")} json={json("description")} />
      <RichTextFormField field={fields.descriptionEn} label={t("form.descriptionEn")} json={json("descriptionEn")} />
      <fieldset className="field">
        <legend>{t("form.topics")}</legend>
        <p className="field-hint">{t("form.topicsHint", { max: CALL_LIMITS.topics })}</p>
        {topics.map((tp) => (
          <label key={tp.slug} className="checkbox-option">
            <input type="checkbox" name="topics" value={tp.slug} defaultChecked={topicSet.has(tp.slug)} /> {tp.name}
          </label>
        ))}
        <ErrorList id={fields.topics.errorId} errors={fields.topics.errors} />
      </fieldset>
      <fieldset className="field">
        <legend>{t("form.industries")}</legend>
        <p className="field-hint">{t("form.industriesHint")}</p>
        {INDUSTRIES.map((code) => (
          <label key={code} className="checkbox-option">
            <input type="checkbox" name="industries" value={code} defaultChecked={industrySet.has(code)} />{" "}
            {t(`bases:industries.${code}`)}
          </label>
        ))}
        <ErrorList id={fields.industries.errorId} errors={fields.industries.errors} />
      </fieldset>
      <div className="field">
        <label htmlFor={fields.deadline.id}>
          {t("form.deadline")} <span className="meta">({t("beijingTime")})</span>
        </label>
        <input key={deadlineKey} {...deadlineProps} aria-describedby={`${fields.deadline.id}-hint`} />
        <p id={`${fields.deadline.id}-hint`} className="field-hint">
          {t("form.deadlineHint")}
        </p>
        <ErrorList id={fields.deadline.errorId} errors={fields.deadline.errors} />
      </div>
      <div className="actions">
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
