// The comment form. It starts as a plain <textarea> (posting works without
// JavaScript: the server turns the text into a document); the rich-text editor's
// code is loaded only when a verified member starts to write (focus or click),
// or when a quote or an edit needs it. With JavaScript it posts through a
// fetcher, so the page does not reload.
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JSONContent } from "@tiptap/core";
import { RichTextField } from "~/editor/rich-text-field.tsx";
import type { MentionItem } from "~/editor/editor.client.tsx";
import type { CommentView } from "~/models/comment.server.ts";

const subscribe = () => () => {};
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** What the case page's action answers to a comment form. */
export type FormResult =
  | { ok: true; intent: string; formId: string; comment?: CommentView; vote?: { voted: boolean; count: number } }
  | { ok: false; intent?: string; formId?: string; error: string; text?: string; body?: string };

/** The same split as the server's docFromPlainText, for text typed before the editor loaded. */
export function docFromText(text: string): JSONContent {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n+/)
    .filter((p) => p.trim() !== "");
  if (!paragraphs.length) return { type: "doc", content: [{ type: "paragraph" }] };
  return {
    type: "doc",
    content: paragraphs.map((p) => ({
      type: "paragraph",
      content: p.split("\n").flatMap((line, i) => [...(i > 0 ? [{ type: "hardBreak" }] : []), ...(line ? [{ type: "text", text: line }] : [])]),
    })),
  };
}

export async function mentionSource(query: string): Promise<MentionItem[]> {
  if (!query.trim()) return [];
  const res = await fetch(`/resources/mentions?q=${encodeURIComponent(query)}`, { headers: { Accept: "application/json" } });
  if (!res.ok) return [];
  const body = (await res.json()) as { users?: Array<{ username: string; displayName: string }> };
  return (body.users ?? []).map((u) => ({ id: u.username, label: u.displayName }));
}

export function CommentForm(props: {
  formId: string;
  intent: "comment" | "edit";
  label: string;
  submitLabel: string;
  parentId?: string;
  commentId?: string;
  initialText?: string;
  /** A document to start from (an edit, a quote): opens the editor at once. */
  initialDoc?: JSONContent | null;
  /** The no-JS round trip's failure for this form. */
  failure?: { error: string; text?: string } | null;
  onDone?: (result: Extract<FormResult, { ok: true }>) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation("discussion");
  // Not keyed: a keyed fetcher outlives the form, and a reopened form would see the last answer again.
  const fetcher = useFetcher<FormResult>();
  const hydrated = useHydrated();
  const id = useId().replace(/:/g, "");
  const textId = `ct-${id}`;
  const errorId = `ce-${id}`;
  const [text, setText] = useState(props.failure?.text ?? props.initialText ?? "");
  const [rich, setRich] = useState(Boolean(props.initialDoc));
  const [generation, setGeneration] = useState(0);
  const boxRef = useRef<HTMLDivElement>(null);
  const onDone = useRef(props.onDone);
  onDone.current = props.onDone;

  const result = fetcher.data;
  const busy = fetcher.state !== "idle";
  const error = (result && !result.ok ? result.error : null) ?? (!result ? props.failure?.error : null) ?? null;

  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) {
      setText("");
      setGeneration((g) => g + 1);
      onDone.current?.(result);
    }
  }, [fetcher.state, result]);

  // The editor arrives asynchronously: move focus into it once it is there.
  useEffect(() => {
    if (!rich) return;
    let tries = 0;
    const timer = window.setInterval(() => {
      const el = boxRef.current?.querySelector<HTMLElement>("[contenteditable=true]");
      if (el || ++tries > 100) {
        window.clearInterval(timer);
        const active = document.activeElement;
        if (el && (!active || active === document.body || boxRef.current?.contains(active))) el.focus();
      }
    }, 50);
    return () => window.clearInterval(timer);
  }, [rich, generation, props.autoFocus]);

  // Read by the editor once, when it mounts: text typed while it loaded is kept.
  const startDoc = rich ? (props.initialDoc && generation === 0 ? props.initialDoc : docFromText(text)) : null;

  const textarea = (
    <div className="field">
      <label htmlFor={textId}>{props.label}</label>
      <textarea
        id={textId}
        name="text"
        rows={props.intent === "edit" ? 5 : 4}
        value={text}
        placeholder={t("form.placeholder")}
        aria-describedby={error ? errorId : undefined}
        aria-invalid={error ? true : undefined}
        autoFocus={props.autoFocus || (rich && hydrated)}
        onChange={(e) => setText(e.currentTarget.value)}
        onFocus={() => hydrated && setRich(true)}
        onClick={() => hydrated && setRich(true)}
      />
    </div>
  );

  return (
    <fetcher.Form method="post" className="comment-form" aria-busy={busy || undefined} preventScrollReset>
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="formId" value={props.formId} />
      {props.parentId ? <input type="hidden" name="parentId" value={props.parentId} /> : null}
      {props.commentId ? <input type="hidden" name="commentId" value={props.commentId} /> : null}
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      <div ref={boxRef}>
        {rich && startDoc ? (
          <RichTextField
            key={generation}
            name="body"
            kind="comment"
            label={props.label}
            placeholder={t("form.placeholder")}
            initialDoc={startDoc}
            mentionSource={mentionSource}
            describedBy={error ? errorId : undefined}
            invalid={Boolean(error)}
            fallback={textarea}
          />
        ) : (
          textarea
        )}
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="comment-form-actions">
        <button type="submit" className="button-small" disabled={busy}>
          {busy ? t("form.posting") : props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="button-secondary button-small" onClick={props.onCancel}>
            {t("form.cancel")}
          </button>
        ) : null}
        {props.intent === "comment" && !props.parentId ? <span className="meta">{t("form.hint")}</span> : null}
      </div>
    </fetcher.Form>
  );
}
