// A rich-text (Tiptap) field for Conform forms. Its own module so pages whose
// forms have no rich text do not reference the editor at all.
import type { JSONContent } from "@tiptap/core";
import { RichTextField } from "~/editor/rich-text-field.tsx";
import { ErrorList, type AnyField } from "./forms.tsx";

/** A stored Tiptap document (JSON text) as the editor's initial content; null when empty or unreadable. */
export function parseDocJson(raw: unknown): JSONContent | null {
  if (typeof raw !== "string" || !raw) return null;
  try {
    return JSON.parse(raw) as JSONContent;
  } catch {
    return null;
  }
}

/** A rich-text (Tiptap) field of a Conform form: the editor, linked to its errors, and the errors. */
export function RichTextFormField({
  field,
  label,
  json,
  required,
}: {
  field: AnyField;
  label: string;
  /** The document as JSON text: what the failed submission kept, else the stored value. */
  json: unknown;
  required?: boolean;
}) {
  const invalid = Boolean(field.errors?.length);
  return (
    <div className="field">
      <RichTextField
        name={field.name}
        kind="case"
        label={label}
        required={required}
        initialDoc={parseDocJson(json)}
        describedBy={invalid ? field.errorId : undefined}
        invalid={invalid}
      />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}
