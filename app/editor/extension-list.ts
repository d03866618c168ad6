// The one list of Tiptap extensions, built from the extension classes it is handed. The
// editor (browser, extensions.ts) hands it the modules it imports; the server's schema
// (schema.server.ts) hands it the same packages required on the first document parsed,
// so a server start does not load Tiptap (~250 ms and ~20 MiB; a home page never needs
// it, issue 15.4). Either way a document the editor can produce is exactly a document
// the server accepts and renders. Nothing browser-only lives here: Placeholder,
// CharacterCount and the mention suggestion UI are added by editor.client.tsx.
import type { AnyExtension } from "@tiptap/core";
import type StarterKit from "@tiptap/starter-kit";
import type Link from "@tiptap/extension-link";
import type Image from "@tiptap/extension-image";
import type { TableKit } from "@tiptap/extension-table";
import type Mention from "@tiptap/extension-mention";
import { isSafeHref } from "./urls.ts";
import type { DocKind } from "./limits.ts";

/** The extension classes the list is made of. */
export interface TiptapKit {
  StarterKit: typeof StarterKit;
  Link: typeof Link;
  Image: typeof Image;
  TableKit: typeof TableKit;
  Mention: typeof Mention;
}

/** The rel every rendered link gets; target is never set (links open in the same tab). */
export const LINK_REL = "nofollow ugc noopener";

export const HEADING_LEVELS = [2, 3, 4] as const;

function link(kit: TiptapKit) {
  return kit.Link.configure({
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
export function buildCaseExtensions(kit: TiptapKit): AnyExtension[] {
  return [
    kit.StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      link: false,
      codeBlock: false,
      underline: false,
    }),
    link(kit),
    kit.Image.configure({ inline: false, allowBase64: false }),
    kit.TableKit.configure({ table: { resizable: false, allowTableNodeSelection: false } }),
  ];
}

/** Comments: inline emphasis, links, lists, quotes, inline code, @mentions and images (with alt text, issue 12.5). */
export function buildCommentExtensions(kit: TiptapKit): AnyExtension[] {
  return [
    kit.StarterKit.configure({
      heading: false,
      strike: false,
      horizontalRule: false,
      codeBlock: false,
      underline: false,
      link: false,
    }),
    link(kit),
    kit.Image.configure({ inline: false, allowBase64: false }),
    kit.Mention.configure({ HTMLAttributes: { class: "mention" } }),
  ];
}

export function buildExtensions(kind: DocKind, kit: TiptapKit): AnyExtension[] {
  return kind === "case" ? buildCaseExtensions(kit) : buildCommentExtensions(kit);
}
