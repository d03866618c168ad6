// The comment form. It starts as a plain <textarea> (posting works without
// JavaScript: the server turns the text into a document); the rich-text editor's
// code is loaded only when a verified member starts to write (focus or click),
// or when a quote or an edit needs it. With JavaScript it posts through a
// fetcher, so the page does not reload. Conform runs the form's schema
// (discussion-schemas.ts) before posting and shows the server's answer: field
// errors, the model's refusals, and what was typed when the page came back
// without JavaScript.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JSONContent } from "@tiptap/core";
import { RichTextField } from "~/editor/rich-text-field.tsx";
import { docFromText } from "~/editor/doc-from-text.ts";
import type { MentionItem } from "~/editor/editor.client.tsx";
import type { CommentView } from "~/models/comment.server.ts";
import { COMMENT_MAX_CHARS } from "./discussion-limits.ts";
import { useBrowserLayoutEffect } from "./keep-focus.ts";
import { formatNumber } from "~/utils/format.ts";

const subscribe = () => () => {};
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** What the case page's action answers to a discussion form (discussion.server.ts). */
export type FormResult =
  | {
      ok: true;
      intent: string;
      formId: string;
      comment?: CommentView;
      /** The comment waits for a moderator's approval (a new member's first posts). */
      pending?: boolean;
      vote?: { voted: boolean; count: number };
      result?: SubmissionResult<string[]>;
    }
  | { ok: false; intent: string; formId: string; result: SubmissionResult<string[]> };

/**
 * Text for an error a discussion form shows: schema errors are i18n keys
 * (discussion:errors.tooLong takes the limit), refusals from the server
 * arrive already in the reader's language.
 */
export function useErrorText(): (error: string) => string {
  const { t, i18n } = useTranslation("discussion");
  return (error) =>
    /^[a-z]+:[\w.]+$/.test(error) ? t(error, { max: formatNumber(COMMENT_MAX_CHARS, i18n.language) }) : error;
}

/** The errors of a form's fields and of the form itself, in that order, once each. */
export function errorsOf(...lists: Array<string[] | undefined>): string[] {
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

type Validation = typeof import("./comment-validation.ts");
let loadedValidation: Validation | null = null;

/**
 * The forms' Zod check, loaded when the first comment form mounts in the browser:
 * readers of a case page, who get no form, never load Zod. Until it has arrived
 * (a moment after the page is interactive) the server checks what is posted.
 */
function useValidation(): Validation | null {
  const [validation, setValidation] = useState(loadedValidation);
  useEffect(() => {
    if (validation) return;
    let live = true;
    void import("./comment-validation.ts").then((m) => {
      loadedValidation = m;
      if (live) setValidation(m);
    });
    return () => {
      live = false;
    };
  }, [validation]);
  return validation;
}

export async function mentionSource(query: string): Promise<MentionItem[]> {
  if (!query.trim()) return [];
  const res = await fetch(`/resources/mentions?q=${encodeURIComponent(query)}`, {
    headers: { Accept: "application/json" },
  });
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
  failure?: { result: SubmissionResult<string[]> } | null;
  onDone?: (result: Extract<FormResult, { ok: true }>) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation("discussion");
  // Not keyed: a keyed fetcher outlives the form, and a reopened form would see the last answer again.
  const fetcher = useFetcher<FormResult>();
  const hydrated = useHydrated();
  const errorText = useErrorText();
  const result = fetcher.data;
  const validation = useValidation();
  const [form, fields] = useForm({
    id: `cf-${props.formId}`,
    // The fetcher's answer once there is one, else the no-JS round trip's.
    lastResult: result ? result.result : props.failure?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: validation ? ({ formData }) => validation.validateCommentForm(props.intent, formData) : undefined,
  });
  const textId = fields.text.id;
  const errorId = `${form.id}-errors`;
  const typed = props.failure?.result.initialValue?.text;
  const [text, setText] = useState(typeof typed === "string" ? typed : (props.initialText ?? ""));
  const [rich, setRich] = useState(Boolean(props.initialDoc));
  const [generation, setGeneration] = useState(0);
  const boxRef = useRef<HTMLDivElement>(null);
  const onDone = useRef(props.onDone);
  onDone.current = props.onDone;

  const busy = fetcher.state !== "idle";
  const errors = errorsOf(fields.text.errors, fields.body.errors, form.errors);
  const error = errors.length > 0;

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
        if (el && (!active || active === document.body || boxRef.current?.contains(active))) {
          el.focus();
          // Text typed before the editor came goes on at its end, not before it.
          const last = el.lastElementChild;
          if (last && el.textContent) {
            const end = document.createRange();
            end.selectNodeContents(last);
            end.collapse(false);
            window.getSelection()?.removeAllRanges();
            window.getSelection()?.addRange(end);
          }
        }
      }
    }, 50);
    return () => window.clearInterval(timer);
  }, [rich, generation, props.autoFocus]);

  // A member who tapped the box and typed before the page was interactive (a slow phone) sent no
  // event React saw. What the box holds is taken over as the page hydrates (a layout effect: the
  // next render's controlled value would otherwise overwrite it), and the editor opens where they are.
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  useBrowserLayoutEffect(() => {
    const box = textareaRef.current;
    if (box && box.value !== text) setText(box.value);
  }, []); // once, at hydration: later typing reaches onChange
  useEffect(() => {
    if (hydrated && document.activeElement === textareaRef.current) setRich(true);
  }, [hydrated]);

  // Read by the editor once, when it mounts: text typed while it loaded is kept.
  const startDoc = rich ? (props.initialDoc && generation === 0 ? props.initialDoc : docFromText(text)) : null;

  const textarea = (
    <div className="field">
      <label htmlFor={textId}>{props.label}</label>
      <textarea
        ref={textareaRef}
        id={textId}
        name={fields.text.name}
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
    <fetcher.Form
      method="post"
      {...getFormProps(form)}
      className="comment-form"
      aria-busy={busy || undefined}
      preventScrollReset
    >
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="formId" value={props.formId} />
      {props.parentId ? <input type="hidden" name="parentId" value={props.parentId} /> : null}
      {props.commentId ? <input type="hidden" name="commentId" value={props.commentId} /> : null}
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      <div ref={boxRef}>
        {rich && startDoc ? (
          <RichTextField
            key={generation}
            name={fields.body.name}
            kind="comment"
            label={props.label}
            placeholder={t("form.placeholder")}
            initialDoc={startDoc}
            mentionSource={mentionSource}
            describedBy={error ? errorId : undefined}
            invalid={error}
            fallback={textarea}
          />
        ) : (
          textarea
        )}
      </div>
      {error ? (
        <div id={errorId} role="alert">
          {errors.map((e) => (
            <p key={e} className="field-error">
              {errorText(e)}
            </p>
          ))}
        </div>
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
      {result?.ok && result.pending && fetcher.state === "idle" ? (
        <p className="notice" role="status">
          {t("moderation:pendingComment")}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
