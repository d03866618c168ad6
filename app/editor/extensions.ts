// The one list of Tiptap extensions. The editor (browser), the validator and the
// renderer (server) all build their schema from these functions, so a document
// the editor can produce is exactly a document the server accepts and renders.
// Nothing browser-only lives here: Placeholder, CharacterCount and the mention
// suggestion UI are added by editor.client.tsx.
import type { AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Link from "@tiptap/extension-link";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import Mention from "@tiptap/extension-mention";
import { isSafeHref } from "./urls.ts";
import type { DocKind } from "./limits.ts";

export { DOC_LIMITS, type DocKind } from "./limits.ts";

/** The rel every rendered link gets; target is never set (links open in the same tab). */
export const LINK_REL = "nofollow ugc noopener";

export const HEADING_LEVELS = [2, 3, 4] as const;

function link() {
  return Link.configure({
    openOnClick: false,
    autolink: true,
    linkOnPaste: true,
    protocols: [],
    defaultProtocol: "https",
    isAllowedUri: (url) => isSafeHref(url),
    HTMLAttributes: { rel: LINK_REL, target: null, class: null },
  });
}

/** Case-study sections: headings h2–h4, lists, quotes, links, tables, images, rules. */
export function caseExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      link: false,
      codeBlock: false,
      underline: false,
    }),
    link(),
    Image.configure({ inline: false, allowBase64: false }),
    TableKit.configure({ table: { resizable: false, allowTableNodeSelection: false } }),
  ];
}

/** Comments: inline emphasis, links, lists, quotes, inline code, @mentions and images (with alt text, issue 12.5). */
export function commentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: false,
      strike: false,
      horizontalRule: false,
      codeBlock: false,
      underline: false,
      link: false,
    }),
    link(),
    Image.configure({ inline: false, allowBase64: false }),
    Mention.configure({ HTMLAttributes: { class: "mention" } }),
  ];
}

export function extensionsFor(kind: DocKind): AnyExtension[] {
  return kind === "case" ? caseExtensions() : commentExtensions();
}
