// Form building blocks for Conform + Zod forms. Errors arrive as i18n keys
// (e.g. "auth:errors.passwordTooShort") and are translated here, so one Zod
// schema serves both languages on client and server.
import { useTranslation } from "react-i18next";
import { getInputProps, getTextareaProps } from "@conform-to/react";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id}>
      {errors.map((e) => (
        <p key={e} className="field-error">
          {t(e)}
        </p>
      ))}
    </div>
  );
}

type InputType = "text" | "email" | "password" | "search" | "url" | "number" | "tel";
export type AnyField = Parameters<typeof getInputProps>[0];

/** Label (with a "required" marker), the control, its hint and its errors. */
function FieldShell({
  field,
  label,
  hint,
  required,
  children,
}: {
  field: AnyField;
  label: string;
  hint?: string;
  required?: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {label} {required ? <span className="meta">({t("form.required")})</span> : null}
      </label>
      {children}
      {hint ? (
        <p id={`${field.id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

// maxLength is passed only when given, so Conform's limit from the schema is not wiped out.
const maxLengthProp = (maxLength?: number) => (maxLength != null ? { maxLength } : {});

export function TextField({
  field,
  label,
  type = "text",
  hint,
  autoComplete,
  maxLength,
  autoFocus,
  required,
  lang,
}: {
  field: AnyField;
  label: string;
  type?: InputType;
  hint?: string;
  autoComplete?: string;
  maxLength?: number;
  autoFocus?: boolean;
  /** Marks the label; the schema decides what is really required. */
  required?: boolean;
  lang?: string;
}) {
  const { key, ...inputProps } = getInputProps(field, { type, ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint} required={required}>
      <input
        key={key}
        {...inputProps}
        autoComplete={autoComplete}
        {...maxLengthProp(maxLength)}
        autoFocus={autoFocus}
        lang={lang}
        inputMode={type === "number" ? "numeric" : undefined}
      />
    </FieldShell>
  );
}

export function TextareaField({
  field,
  label,
  hint,
  maxLength,
  required,
  lang,
  rows,
}: {
  field: AnyField;
  label: string;
  hint?: string;
  maxLength?: number;
  required?: boolean;
  lang?: string;
  rows?: number;
}) {
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: hint ? `${field.id}-hint` : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint} required={required}>
      <textarea key={key} {...props} {...maxLengthProp(maxLength)} lang={lang} rows={rows} />
    </FieldShell>
  );
}

/** Form-level errors (e.g. "wrong email or password"), announced to screen readers. */
export function FormErrors({ errors }: { errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div className="form-error" role="alert">
      {errors.map((e) => (
        <p key={e} className="flush">
          {t(e)}
        </p>
      ))}
    </div>
  );
}
