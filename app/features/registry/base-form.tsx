// The base form of /admin/bases/new and /admin/bases/:id (issue 11 point 1): one
// Zod schema for the browser and the server; the server then runs the same row
// check as the importer (checkBaseFields), so a base typed in and a base imported
// are normalized alike (code in capitals, pinyin, website).
import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, FormErrors, TextareaField, TextField } from "~/components/forms.tsx";
import { INDUSTRIES } from "~/models/industry.ts";
import { PROVINCES } from "~/models/province.ts";

const LIMITS = { code: 40, name: 120, namePinyin: 300, city: 60, description: 1000, website: 200 };

const text = (max: number) =>
  z
    .string({ required_error: "registry:errors.required" })
    .trim()
    .min(1, "registry:errors.required")
    .max(max, "registry:errors.tooLong");
const optionalText = (max: number) => z.string().trim().max(max, "registry:errors.tooLong").optional();
const wholeNumber = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : v),
    z.coerce.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message).optional(),
  );

export const BaseFormSchema = z.object({
  code: z
    .string({ required_error: "registry:errors.codeRequired" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, "registry:errors.codeInvalid"),
  nameZh: text(LIMITS.name),
  nameEn: text(LIMITS.name),
  namePinyin: optionalText(LIMITS.namePinyin),
  province: z.enum(PROVINCES, { errorMap: () => ({ message: "registry:errors.provinceInvalid" }) }),
  cityZh: text(LIMITS.city),
  cityEn: text(LIMITS.city),
  industry: z.enum(INDUSTRIES, { errorMap: () => ({ message: "registry:errors.industryInvalid" }) }),
  recognitionBatch: wholeNumber(1, 99, "registry:errors.batchInvalid"),
  recognitionYear: wholeNumber(2000, 2100, "registry:errors.yearInvalid"),
  descriptionZh: optionalText(LIMITS.description),
  descriptionEn: optionalText(LIMITS.description),
  website: z
    .string()
    .trim()
    .max(LIMITS.website, "registry:errors.tooLong")
    .refine((v) => {
      try {
        return /^https?:$/.test(new URL(v).protocol);
      } catch {
        return false;
      }
    }, "registry:errors.websiteInvalid")
    .optional(),
});

export type BaseFormValue = z.infer<typeof BaseFormSchema>;

/** The form value as the importer's row fields (all text). */
export function formToFields(v: BaseFormValue): Record<string, string> {
  return {
    code: v.code,
    nameZh: v.nameZh,
    nameEn: v.nameEn,
    namePinyin: v.namePinyin ?? "",
    province: v.province,
    cityZh: v.cityZh,
    cityEn: v.cityEn,
    industry: v.industry,
    recognitionBatch: v.recognitionBatch === undefined ? "" : String(v.recognitionBatch),
    recognitionYear: v.recognitionYear === undefined ? "" : String(v.recognitionYear),
    descriptionZh: v.descriptionZh ?? "",
    descriptionEn: v.descriptionEn ?? "",
    website: v.website ?? "",
  };
}

export type BaseFormDefaults = Partial<Record<keyof BaseFormValue, string | number | null>>;

export function BaseForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: BaseFormDefaults;
  submitLabel: string;
}) {
  const { t } = useTranslation("registry");
  // Stored values as the text the inputs hold (numbers and null included).
  const defaults = defaultValue
    ? Object.fromEntries(Object.entries(defaultValue).map(([k, v]) => [k, v == null ? "" : String(v)]))
    : undefined;
  const [form, fields] = useForm<z.input<typeof BaseFormSchema>>({
    id: "base-form",
    lastResult,
    defaultValue: defaults as Partial<Record<keyof BaseFormValue, string>> as never,
    constraint: getZodConstraint(BaseFormSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BaseFormSchema }),
  });
  const { key: provinceKey, ...provinceProps } = getSelectProps(fields.province);
  const { key: industryKey, ...industryProps } = getSelectProps(fields.industry);
  return (
    <Form method="post" {...getFormProps(form)} className="form-card">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      <TextField field={fields.code} label={t("form.code")} hint={t("form.codeHint")} required maxLength={40} />
      <TextField field={fields.nameZh} label={t("form.nameZh")} required lang="zh-CN" maxLength={LIMITS.name} />
      <TextField field={fields.nameEn} label={t("form.nameEn")} required lang="en" maxLength={LIMITS.name} />
      <TextField
        field={fields.namePinyin}
        label={t("form.namePinyin")}
        hint={t("form.namePinyinHint")}
        maxLength={LIMITS.namePinyin}
      />
      <div className="field">
        <label htmlFor={fields.province.id}>{t("form.province")}</label>
        <select key={provinceKey} {...provinceProps}>
          <option value="">{t("form.choose")}</option>
          {PROVINCES.map((p) => (
            <option key={p} value={p}>
              {t(`bases:provinces.${p}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.province.errorId} errors={fields.province.errors} />
      </div>
      <TextField field={fields.cityZh} label={t("form.cityZh")} required lang="zh-CN" maxLength={LIMITS.city} />
      <TextField field={fields.cityEn} label={t("form.cityEn")} required lang="en" maxLength={LIMITS.city} />
      <div className="field">
        <label htmlFor={fields.industry.id}>{t("form.industry")}</label>
        <select key={industryKey} {...industryProps}>
          <option value="">{t("form.choose")}</option>
          {INDUSTRIES.map((i) => (
            <option key={i} value={i}>
              {t(`bases:industries.${i}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.industry.errorId} errors={fields.industry.errors} />
      </div>
      <TextField field={fields.recognitionBatch} label={t("form.recognitionBatch")} type="number" />
      <TextField field={fields.recognitionYear} label={t("form.recognitionYear")} type="number" />
      <TextareaField
        field={fields.descriptionZh}
        label={t("form.descriptionZh")}
        lang="zh-CN"
        maxLength={LIMITS.description}
        rows={3}
      />
      <TextareaField
        field={fields.descriptionEn}
        label={t("form.descriptionEn")}
        lang="en"
        maxLength={LIMITS.description}
        rows={3}
      />
      <TextField field={fields.website} label={t("form.website")} type="url" maxLength={LIMITS.website} />
      <p>
        <button type="submit">{submitLabel}</button> <Link to="/admin/bases">{t("form.cancel")}</Link>
      </p>
    </Form>
  );
}
