// Form building blocks for Conform + Zod forms. Errors arrive as i18n keys
// (e.g. "auth:errors.passwordTooShort") and are translated here, so one Zod
// schema serves both languages on client and server.
import { useTranslation } from "react-i18next";
import type { FieldMetadata } from "@conform-to/react";
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

export function TextField({
  field,
  label,
  type = "text",
  hint,
  autoComplete,
  maxLength,
  autoFocus,
}: {
  field: FieldMetadata<string | number | undefined>;
  label: string;
  type?: InputType;
  hint?: string;
  autoComplete?: string;
  maxLength?: number;
  autoFocus?: boolean;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const { key, ...inputProps } = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {/* maxLength only when given, so Conform's limit from the schema is not wiped out. */}
      <input key={key} {...inputProps} autoComplete={autoComplete} {...(maxLength != null ? { maxLength } : {})} autoFocus={autoFocus} />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextareaField({
  field,
  label,
  hint,
  maxLength,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
  maxLength?: number;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea key={key} {...props} {...(maxLength != null ? { maxLength } : {})} />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** Form-level errors (e.g. "wrong email or password"), announced to screen readers. */
export function FormErrors({ errors }: { errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div className="form-error" role="alert">
      {errors.map((e) => (
        <p key={e} style={{ margin: 0 }}>
          {t(e)}
        </p>
      ))}
    </div>
  );
}
