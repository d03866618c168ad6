// Server-safe entry to the editor. Renders the field's label and a hidden input
// with the initial JSON on the server (so a form posted before hydration keeps
// the content), then loads the editor code only in the browser. Routes that use
// it add `editorLinks()` to their `links` export, so editor.css is loaded only
// on pages that have an editor (and on pages that show rendered rich text, which
// use the same .rich-text rules).
import { lazy, Suspense, useSyncExternalStore, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { JSONContent } from "@tiptap/core";
import editorCss from "~/styles/editor.css?url";
import type { RichTextEditorProps } from "./editor.client.tsx";

const RichTextEditor = lazy(() => import("./editor.client.tsx"));

export function editorLinks() {
  return [{ rel: "stylesheet", href: editorCss }];
}

const subscribe = () => () => {};
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

const EMPTY: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };

export type RichTextFieldProps = RichTextEditorProps & {
  /** What to show before the editor loads (e.g. a plain <textarea> for a no-JS comment form). */
  fallback?: ReactNode;
};

export function RichTextField({ fallback, ...props }: RichTextFieldProps) {
  const hydrated = useHydrated();
  const placeholder = fallback ?? (
    <EditorPlaceholder name={props.name} label={props.label} initialDoc={props.initialDoc} required={props.required} />
  );
  if (!hydrated) return <>{placeholder}</>;
  return (
    <Suspense fallback={placeholder}>
      <RichTextEditor {...props} />
    </Suspense>
  );
}

function EditorPlaceholder({
  name,
  label,
  initialDoc,
  required,
}: {
  name: string;
  label: string;
  initialDoc?: JSONContent | null;
  required?: boolean;
}) {
  const { t } = useTranslation("editor");
  return (
    <div className="rte rte-pending">
      <div className="rte-label">
        {label} {required ? <span className="meta">({t("common:form.required")})</span> : null}
      </div>
      <input type="hidden" name={name} value={JSON.stringify(initialDoc ?? EMPTY)} readOnly />
      <p className="rte-loading">{t("loading")}</p>
    </div>
  );
}
