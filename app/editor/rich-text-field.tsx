// Server-safe entry to the editor. Renders the field's label and a hidden input
// with the initial JSON on the server (so a form posted before hydration keeps
// the content), then loads the editor code only in the browser. Routes that use
// it add `editorLinks()` to their `links` export, so editor.css is loaded only
// on pages that have an editor (and on pages that show rendered rich text, which
// use the same .rich-text rules).
import { lazy, Suspense, useEffect, useLayoutEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { JSONContent } from "@tiptap/core";
import editorCss from "~/styles/editor.css?url";
import type { RichTextEditorProps } from "./editor.client.tsx";
import { docFromText } from "./doc-from-text.ts";
import { takeEarlyEdit } from "~/utils/early-edits.ts";

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

const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

export function RichTextField({ fallback, ...props }: RichTextFieldProps) {
  const hydrated = useHydrated();
  // Text typed into the fallback's plain box (its element has this field's id) before the page was
  // interactive: the editor replaces the box at hydration and would start from the stored document.
  // Taken as the page hydrates, it becomes the editor's document and is reported as a change.
  const [early, setEarly] = useState<{ doc: JSONContent; focused: boolean } | null>(null);
  useBrowserLayoutEffect(() => {
    const box = props.id ? document.getElementById(props.id) : null;
    const text = takeEarlyEdit(box);
    if (text !== null) setEarly({ doc: docFromText(text), focused: document.activeElement === box });
  }, []); // once, at hydration
  const onChange = props.onChange;
  useEffect(() => {
    if (early) onChange?.(early.doc);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reported once, when taken
  }, [early]);
  const editorProps = early ? { ...props, initialDoc: early.doc, autoFocus: early.focused } : props;
  const placeholder =
    fallback && !early ? (
      fallback
    ) : (
      <EditorPlaceholder
        name={props.name}
        label={props.label}
        initialDoc={editorProps.initialDoc}
        required={props.required}
      />
    );
  if (!hydrated) return <>{placeholder}</>;
  return (
    <Suspense fallback={placeholder}>
      <RichTextEditor {...editorProps} />
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
