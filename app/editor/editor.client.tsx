// The rich-text editor for one document field (a case section or a comment).
// It keeps a hidden <input name={name}> holding the document's JSON, so the
// surrounding Remix <Form> posts it like any other field; the server checks it
// with validateDoc. Browser-only: load it through RichTextField (rich-text-field.tsx).
//
// Chinese input methods: the editor is created once (no deps), content is never
// replaced from props after creation, and nothing is written back into the editor
// while a composition is running; the character limit is shown, not enforced
// by dropping transactions (which breaks composition), and the server enforces it.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, useEditor, useEditorState, type Editor, type JSONContent } from "@tiptap/react";
import { CharacterCount, Placeholder } from "@tiptap/extensions";
import { Fragment, type Node as PMNode, Slice } from "@tiptap/pm/model";
import type { EditorView } from "@tiptap/pm/view";
import { NodeSelection } from "@tiptap/pm/state";
import type Mention from "@tiptap/extension-mention";
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";
import { findMentionMatch } from "./mention-trigger.ts";
import { DOC_LIMITS, extensionsFor, type DocKind } from "./extensions.ts";
import { isUploadUrl } from "./urls.ts";
import { LinkDialog } from "./link-dialog.tsx";
import { AltTextDialog } from "./alt-text-dialog.tsx";
import { imagesWithoutAlt } from "./alt-text.ts";
import { Icon } from "~/components/icons.tsx";

export interface RichTextEditorProps {
  /** Name of the hidden input that carries the document JSON. */
  name: string;
  initialDoc?: JSONContent | null;
  kind: DocKind;
  /** Visible label of the field (already translated). */
  label: string;
  /** Placeholder text (already translated). */
  placeholder?: string;
  onChange?: (doc: JSONContent) => void;
  /** Shown in the counter; defaults to the server's limit for the kind. */
  maxChars?: number;
  /** id of the editable element (for <label htmlFor> elsewhere or error links). */
  id?: string;
  /** ids of hints or error lists describing the field. */
  describedBy?: string;
  invalid?: boolean;
  /** Marked required (label and aria-required); the server decides what is really required. */
  required?: boolean;
  /** Where images are POSTed; the response is `{ url }` or `{ error }`. */
  uploadUrl?: string;
  /** Comments: people to offer after "@" (id = user id, label = display name). */
  mentionSource?: (query: string) => Promise<MentionItem[]>;
  /** Focus the editor, caret at the end, once it is ready (someone was typing in the box it replaced). */
  autoFocus?: boolean;
}

export interface MentionItem {
  id: string;
  label: string;
}

interface MentionMenu {
  items: MentionItem[];
  index: number;
  rect: DOMRect | null;
  command: (item: MentionItem) => void;
}

export const EMPTY_DOC: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];

/** Drops pasted images that are not our uploads (they would be refused on save). */
function keepOwnImages(fragment: Fragment): Fragment {
  const out: PMNode[] = [];
  fragment.forEach((node) => {
    if (node.type.name === "image" && !isUploadUrl(node.attrs.src)) return;
    out.push(node.isLeaf ? node : node.copy(keepOwnImages(node.content)));
  });
  return Fragment.fromArray(out);
}

function imageFiles(list: FileList | null | undefined): File[] {
  return list ? Array.from(list).filter((f) => IMAGE_TYPES.includes(f.type) || f.type.startsWith("image/")) : [];
}

interface ToolButton {
  key: string;
  label: string;
  icon: ReactNode;
  run: () => void;
  pressed?: boolean;
  disabled?: boolean;
}

export default function RichTextEditor({
  name,
  initialDoc,
  kind,
  label,
  placeholder,
  onChange,
  maxChars,
  id,
  describedBy,
  invalid,
  required,
  uploadUrl = "/resources/uploads",
  mentionSource,
  autoFocus,
}: RichTextEditorProps) {
  const { t, i18n } = useTranslation("editor");
  const autoId = useId();
  const editorId = id ?? `rte-${autoId.replace(/:/g, "")}`;
  const labelId = `${editorId}-label`;
  const countId = `${editorId}-count`;
  const limit = maxChars ?? DOC_LIMITS[kind].maxChars;
  const hiddenRef = useRef<HTMLInputElement | null>(null);
  const editorRef = useRef<Editor | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [uploading, setUploading] = useState(0);
  // The initial JSON is read once: later prop changes must not reset what is typed.
  const [initialJson] = useState(() => JSON.stringify(initialDoc ?? EMPTY_DOC));

  const setHidden = useCallback(
    (el: HTMLInputElement | null) => {
      if (el && hiddenRef.current !== el)
        el.value = editorRef.current ? JSON.stringify(editorRef.current.getJSON()) : initialJson;
      hiddenRef.current = el;
    },
    [initialJson],
  );

  const upload = useCallback(
    async (file: File): Promise<string | null> => {
      setUploading((n) => n + 1);
      setStatus({ text: t("upload.uploading"), error: false });
      try {
        const body = new FormData();
        body.append("file", file);
        const res = await fetch(uploadUrl, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        const data = (await res.json().catch(() => ({}))) as { url?: string; error?: string };
        if (!res.ok || !isUploadUrl(data.url)) {
          setStatus({ text: data.error || t("upload.failed"), error: true });
          return null;
        }
        setStatus({ text: t("upload.done"), error: false });
        return data.url;
      } catch {
        setStatus({ text: t("upload.failed"), error: true });
        return null;
      } finally {
        setUploading((n) => n - 1);
      }
    },
    [t, uploadUrl],
  );
  // The editor is created once; its handlers reach the latest upload() through a ref.
  const uploadRef = useRef(upload);
  uploadRef.current = upload;

  // The alt-text dialog (AltTextDialog), open while this holds the image it describes;
  // `resolve` hands the answer (null: closed without saving) to whoever asked.
  const [altEdit, setAltEdit] = useState<{ src: string; alt: string; resolve: (alt: string | null) => void } | null>(
    null,
  );
  const askAlt = useCallback(
    (src: string, alt: string) => new Promise<string | null>((resolve) => setAltEdit({ src, alt, resolve })),
    [],
  );

  const insertImages = useCallback(
    async (editor: Editor, files: File[], pos?: number) => {
      for (const file of files) {
        const url = await uploadRef.current(file);
        if (!url || editor.isDestroyed) continue;
        // Issue 12.5: every uploaded image is described before it goes in (or knowingly left without).
        const alt = (await askAlt(url, "")) ?? "";
        if (editor.isDestroyed) continue;
        const image = { type: "image", attrs: { src: url, alt } };
        // A selected node (the image just inserted) would be replaced: the next one goes after it.
        const at = pos ?? (editor.state.selection instanceof NodeSelection ? editor.state.selection.to : undefined);
        if (at !== undefined) editor.chain().focus().insertContentAt(at, image).run();
        else editor.chain().focus().insertContent(image).run();
      }
    },
    [askAlt],
  );
  const a11yRef = useRef({ invalid, describedBy });
  a11yRef.current = { invalid, describedBy };

  const mentionSourceRef = useRef(mentionSource);
  mentionSourceRef.current = mentionSource;
  const [mentionMenu, setMentionMenu] = useState<MentionMenu | null>(null);
  const mentionMenuRef = useRef(mentionMenu);
  mentionMenuRef.current = mentionMenu;

  const extensions = useMemo(
    () => [
      ...extensionsFor(kind).map((ext) =>
        ext.name === "mention"
          ? (ext as typeof Mention).configure({
              HTMLAttributes: { class: "mention" },
              suggestion: {
                char: "@",
                // Also after Chinese text and punctuation ("，@李"), not only after a space.
                findSuggestionMatch: findMentionMatch,
                items: async ({ query }: { query: string }) => {
                  const source = mentionSourceRef.current;
                  if (!source) return [];
                  try {
                    return (await source(query)).slice(0, 8);
                  } catch {
                    return [];
                  }
                },
                render: () => {
                  const show = (p: SuggestionProps<MentionItem, MentionItem>) =>
                    setMentionMenu(
                      p.items.length
                        ? {
                            items: p.items,
                            index: 0,
                            rect: p.clientRect?.() ?? null,
                            command: (item) => p.command(item),
                          }
                        : null,
                    );
                  return {
                    onStart: show,
                    onUpdate: show,
                    onExit: () => setMentionMenu(null),
                    onKeyDown: ({ event }: SuggestionKeyDownProps) => {
                      const menu = mentionMenuRef.current;
                      if (!menu) return false;
                      const n = menu.items.length;
                      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                        const step = event.key === "ArrowDown" ? 1 : n - 1;
                        setMentionMenu({ ...menu, index: (menu.index + step) % n });
                        return true;
                      }
                      if (event.key === "Enter" || event.key === "Tab") {
                        const item = menu.items[menu.index];
                        if (item) menu.command(item);
                        return true;
                      }
                      if (event.key === "Escape") {
                        setMentionMenu(null);
                        return true;
                      }
                      return false;
                    },
                  };
                },
              },
            })
          : ext,
      ),
      Placeholder.configure({ placeholder: placeholder ?? "" }),
      CharacterCount.configure({ mode: "textSize" }),
    ],
    // Created once, like the editor itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const editor = useEditor({
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    // The CSP allows no inline <style>: the editor's base CSS is in editor.css.
    injectCSS: false,
    extensions,
    content: JSON.parse(initialJson) as JSONContent,
    autofocus: autoFocus ? "end" : false,
    editorProps: {
      // A function, so later changes of `invalid` and `describedBy` reach the DOM.
      attributes: () => ({
        id: editorId,
        class: "rich-text editor-content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelId,
        "aria-describedby": [countId, a11yRef.current.describedBy].filter(Boolean).join(" "),
        ...(a11yRef.current.invalid ? { "aria-invalid": "true" } : {}),
        ...(required ? { "aria-required": "true" } : {}),
        lang: i18n.language,
        spellcheck: "true",
      }),
      transformPasted: (slice) => new Slice(keepOwnImages(slice.content), slice.openStart, slice.openEnd),
      handlePaste: (_view: EditorView, event: ClipboardEvent) => {
        const files = imageFiles(event.clipboardData?.files);
        if (!files.length || !editorRef.current) return false;
        event.preventDefault();
        void insertImages(editorRef.current, files);
        return true;
      },
      handleDrop: (view: EditorView, event: DragEvent, _slice: Slice, moved: boolean) => {
        if (moved) return false;
        const files = imageFiles(event.dataTransfer?.files);
        if (!files.length || !editorRef.current) return false;
        event.preventDefault();
        const pos = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
        void insertImages(editorRef.current, files, pos);
        return true;
      },
    },
    onUpdate: ({ editor }) => {
      const doc = editor.getJSON();
      // Written straight into the DOM: no React state, no re-render per keystroke.
      if (hiddenRef.current) hiddenRef.current.value = JSON.stringify(doc);
      if (!editor.view.composing) onChangeRef.current?.(doc);
    },
  });
  editorRef.current = editor;

  // Re-apply the attributes when the field becomes (in)valid, but never mid-composition.
  useEffect(() => {
    if (!editor || editor.isDestroyed || editor.view.composing) return;
    editor.view.dispatch(editor.state.tr.setMeta("addToHistory", false));
  }, [editor, invalid, describedBy]);

  // After a composition ends, hand the settled document to onChange once.
  useEffect(() => {
    if (!editor) return;
    const dom = editor.view.dom;
    const done = () => onChangeRef.current?.(editor.getJSON());
    dom.addEventListener("compositionend", done);
    return () => dom.removeEventListener("compositionend", done);
  }, [editor]);

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      if (!e) return null;
      return {
        chars: e.storage.characterCount.characters(),
        h2: e.isActive("heading", { level: 2 }),
        h3: e.isActive("heading", { level: 3 }),
        bold: e.isActive("bold"),
        italic: e.isActive("italic"),
        strike: e.isActive("strike"),
        code: e.isActive("code"),
        bulletList: e.isActive("bulletList"),
        orderedList: e.isActive("orderedList"),
        blockquote: e.isActive("blockquote"),
        link: e.isActive("link"),
        table: e.isActive("table"),
        image: e.isActive("image"),
        missingAlt: imagesWithoutAlt(e.state.doc),
        canUndo: e.can().undo(),
        canRedo: e.can().redo(),
      };
    },
  });

  // The link dialog (LinkDialog), open while this holds what it edits.
  const [linkEdit, setLinkEdit] = useState<{ href: string; askText: boolean } | null>(null);
  const openLinkDialog = useCallback(() => {
    if (!editor) return;
    const current = (editor.getAttributes("link").href as string | undefined) ?? "";
    setLinkEdit({ href: current, askText: editor.state.selection.empty && !editor.isActive("link") });
  }, [editor]);
  const closeLinkDialog = useCallback(() => {
    setLinkEdit(null);
    // Back where the author was writing; the selection is kept by the editor.
    editor?.commands.focus();
  }, [editor]);
  const saveLink = useCallback(
    ({ href, text }: { href: string; text: string }) => {
      if (!editor) return;
      setStatus(null);
      if (editor.state.selection.empty && !editor.isActive("link")) {
        editor
          .chain()
          .focus()
          .insertContent({ type: "text", text: text || href, marks: [{ type: "link", attrs: { href } }] })
          .run();
      } else {
        editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
      }
      setLinkEdit(null);
    },
    [editor],
  );
  const describeImage = useCallback(async () => {
    if (!editor) return;
    const { src, alt } = editor.getAttributes("image") as { src?: string; alt?: string | null };
    if (!src) return;
    const answer = await askAlt(src, alt ?? "");
    if (editor.isDestroyed) return;
    if (answer === null) editor.commands.focus();
    else {
      editor.chain().focus().updateAttributes("image", { alt: answer }).run();
      setStatus({ text: t("alt.saved"), error: false });
    }
  }, [editor, askAlt, t]);
  const removeLink = useCallback(() => {
    editor?.chain().focus().extendMarkRange("link").unsetLink().run();
    setLinkEdit(null);
  }, [editor]);

  const buttons: ToolButton[] = [];
  if (editor && state) {
    const c = () => editor.chain().focus();
    if (kind === "case") {
      buttons.push(
        {
          key: "h2",
          label: t("toolbar.heading2"),
          icon: "H2",
          pressed: state.h2,
          run: () => c().toggleHeading({ level: 2 }).run(),
        },
        {
          key: "h3",
          label: t("toolbar.heading3"),
          icon: "H3",
          pressed: state.h3,
          run: () => c().toggleHeading({ level: 3 }).run(),
        },
      );
    }
    buttons.push(
      { key: "bold", label: t("toolbar.bold"), icon: <b>B</b>, pressed: state.bold, run: () => c().toggleBold().run() },
      {
        key: "italic",
        label: t("toolbar.italic"),
        icon: <i>I</i>,
        pressed: state.italic,
        run: () => c().toggleItalic().run(),
      },
    );
    if (kind === "case") {
      buttons.push({
        key: "strike",
        label: t("toolbar.strike"),
        icon: <s>S</s>,
        pressed: state.strike,
        run: () => c().toggleStrike().run(),
      });
    }
    buttons.push(
      { key: "code", label: t("toolbar.code"), icon: "</>", pressed: state.code, run: () => c().toggleCode().run() },
      {
        key: "bulletList",
        label: t("toolbar.bulletList"),
        icon: <Icon name="bulletList" />,
        pressed: state.bulletList,
        run: () => c().toggleBulletList().run(),
      },
      {
        key: "orderedList",
        label: t("toolbar.orderedList"),
        icon: <Icon name="orderedList" />,
        pressed: state.orderedList,
        run: () => c().toggleOrderedList().run(),
      },
      {
        key: "blockquote",
        label: t("toolbar.blockquote"),
        icon: <Icon name="quote" />,
        pressed: state.blockquote,
        run: () => c().toggleBlockquote().run(),
      },
      { key: "link", label: t("toolbar.link"), icon: <Icon name="link" />, pressed: state.link, run: openLinkDialog },
    );
    if (state.link) {
      buttons.push({
        key: "unlink",
        label: t("toolbar.unlink"),
        icon: <Icon name="unlink" />,
        run: () => c().extendMarkRange("link").unsetLink().run(),
      });
    }
    if (kind === "case") {
      buttons.push({
        key: "table",
        label: t("toolbar.table"),
        icon: <Icon name="table" />,
        run: () => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
        disabled: state.table,
      });
      if (state.table) {
        buttons.push(
          { key: "addRow", label: t("toolbar.addRow"), icon: t("toolbar.addRow"), run: () => c().addRowAfter().run() },
          {
            key: "deleteRow",
            label: t("toolbar.deleteRow"),
            icon: t("toolbar.deleteRow"),
            run: () => c().deleteRow().run(),
          },
          {
            key: "addColumn",
            label: t("toolbar.addColumn"),
            icon: t("toolbar.addColumn"),
            run: () => c().addColumnAfter().run(),
          },
          {
            key: "deleteColumn",
            label: t("toolbar.deleteColumn"),
            icon: t("toolbar.deleteColumn"),
            run: () => c().deleteColumn().run(),
          },
          {
            key: "deleteTable",
            label: t("toolbar.deleteTable"),
            icon: t("toolbar.deleteTable"),
            run: () => c().deleteTable().run(),
          },
        );
      }
      buttons.push({
        key: "hr",
        label: t("toolbar.horizontalRule"),
        icon: <Icon name="rule" />,
        run: () => c().setHorizontalRule().run(),
      });
    }
    buttons.push({
      key: "image",
      label: t("toolbar.image"),
      icon: <Icon name="image" />,
      run: () => fileRef.current?.click(),
      disabled: uploading > 0,
    });
    if (state.image) {
      buttons.push({
        key: "imageAlt",
        label: t("toolbar.imageAlt"),
        icon: <Icon name="imageText" />,
        run: () => void describeImage(),
      });
    }
    buttons.push(
      {
        key: "undo",
        label: t("toolbar.undo"),
        icon: <Icon name="undo" />,
        run: () => c().undo().run(),
        disabled: !state.canUndo,
      },
      {
        key: "redo",
        label: t("toolbar.redo"),
        icon: <Icon name="redo" />,
        run: () => c().redo().run(),
        disabled: !state.canRedo,
      },
    );
  }

  // Roving focus: one toolbar button is in the tab order; arrow keys move between them.
  const [focusKey, setFocusKey] = useState<string>("");
  const buttonRefs = useRef(new Map<string, HTMLButtonElement>());
  const activeKey = buttons.some((b) => b.key === focusKey && !b.disabled)
    ? focusKey
    : (buttons.find((b) => !b.disabled)?.key ?? "");
  const onToolbarKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const enabled = buttons.filter((b) => !b.disabled);
    const i = enabled.findIndex((b) => b.key === activeKey);
    let next = -1;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") next = (i + 1) % enabled.length;
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = (i - 1 + enabled.length) % enabled.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = enabled.length - 1;
    else if (e.key === "Escape") {
      editor?.commands.focus();
      return;
    }
    if (next < 0 || !enabled[next]) return;
    e.preventDefault();
    setFocusKey(enabled[next]!.key);
    buttonRefs.current.get(enabled[next]!.key)?.focus();
  };

  const chars = state?.chars ?? 0;
  const over = chars > limit;
  const locale = i18n.language;
  const fmt = (n: number) => n.toLocaleString(locale);

  return (
    <div className={`rte${invalid ? " rte-invalid" : ""}`} data-kind={kind}>
      <div className="rte-label" id={labelId}>
        {label} {required ? <span className="meta">({t("common:form.required")})</span> : null}
      </div>
      {/* No value prop: React would write it back on every render (a hidden
          input's value is its attribute), undoing what onUpdate wrote. */}
      <input ref={setHidden} type="hidden" name={name} />
      <div
        className="rte-toolbar"
        role="toolbar"
        aria-label={t("toolbar.label")}
        // Only once the editable element exists: Tiptap makes it after the first render
        // (immediatelyRender: false), and an id that names nothing is an ARIA error (axe
        // caught the gap on a slow machine, session 15's CI).
        aria-controls={editor ? editorId : undefined}
        onKeyDown={onToolbarKey}
      >
        {buttons.map((b) => (
          <button
            key={b.key}
            ref={(el) => {
              if (el) buttonRefs.current.set(b.key, el);
              else buttonRefs.current.delete(b.key);
            }}
            type="button"
            className="rte-button"
            aria-label={b.label}
            title={b.label}
            aria-pressed={b.pressed === undefined ? undefined : b.pressed}
            disabled={b.disabled}
            tabIndex={b.key === activeKey ? 0 : -1}
            // Keep the editor's selection: act on mousedown's default being suppressed.
            onMouseDown={(e) => e.preventDefault()}
            onFocus={() => setFocusKey(b.key)}
            onClick={b.run}
          >
            <span aria-hidden="true">{b.icon}</span>
          </button>
        ))}
      </div>
      {editor ? (
        <input
          ref={fileRef}
          type="file"
          accept={IMAGE_TYPES.join(",")}
          hidden
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const files = imageFiles(e.currentTarget.files);
            e.currentTarget.value = "";
            if (editor && files.length) void insertImages(editor, files);
          }}
        />
      ) : null}
      <EditorContent editor={editor} className="rte-surface" />
      {linkEdit ? (
        <LinkDialog
          initialHref={linkEdit.href}
          askText={linkEdit.askText}
          onSave={saveLink}
          onRemove={linkEdit.href ? removeLink : undefined}
          onClose={closeLinkDialog}
        />
      ) : null}
      {altEdit ? (
        <AltTextDialog
          src={altEdit.src}
          initialAlt={altEdit.alt}
          onSave={(alt) => {
            setAltEdit(null);
            altEdit.resolve(alt);
          }}
          onClose={() => {
            setAltEdit(null);
            altEdit.resolve(null);
          }}
        />
      ) : null}
      {mentionMenu ? (
        <ul
          className="rte-mentions"
          role="listbox"
          aria-label={t("mention.label")}
          // React sets these through the CSSOM, which the CSP (style-src 'self') allows;
          // this element never comes from the server.
          style={
            mentionMenu.rect
              ? { left: Math.round(mentionMenu.rect.left), top: Math.round(mentionMenu.rect.bottom + 4) }
              : undefined
          }
        >
          {mentionMenu.items.map((item, i) => (
            <li
              key={item.id}
              role="option"
              aria-selected={i === mentionMenu.index}
              className="rte-mention-option"
              onMouseDown={(e) => {
                e.preventDefault();
                mentionMenu.command(item);
              }}
            >
              @{item.label}
            </li>
          ))}
        </ul>
      ) : null}
      {!editor ? <p className="rte-loading">{t("loading")}</p> : null}
      {state && state.missingAlt > 0 ? (
        <p id={`${editorId}-alt-warning`} className="rte-warning">
          {t("alt.missing", { count: state.missingAlt })}
        </p>
      ) : null}
      <div className="rte-footer">
        <p className={`rte-status${status?.error ? " rte-status-error" : ""}`} role="status" aria-live="polite">
          {status?.text ?? ""}
        </p>
        <p id={countId} className={`rte-count${over ? " rte-count-over" : ""}`} aria-live={over ? "polite" : "off"}>
          <span aria-hidden="true">{t("count.short", { used: fmt(chars), max: fmt(limit) })}</span>
          <span className="sr-only">
            {over ? t("count.over", { max: fmt(limit) }) : t("count.label", { used: fmt(chars), max: fmt(limit) })}
          </span>
        </p>
      </div>
    </div>
  );
}
