// The ProseMirror schema of each document kind, built once per process from the
// shared extension list (rebuilding it costs ~2 ms, more than a whole render).
// Tiptap is required here on the first document parsed or rendered, not imported:
// a server start and the pages without rich text never load it (~250 ms and
// ~20 MiB, issue 15.4; ADR 058). Every server-side use of Tiptap's code goes
// through tiptap() below, so one copy (its CommonJS build) is loaded.
import { createRequire } from "node:module";
import type * as TiptapCore from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import type * as HtmlString from "@tiptap/static-renderer/pm/html-string";
import { buildExtensions, type TiptapKit } from "./extension-list.ts";
import type { DocKind } from "./limits.ts";

const require = createRequire(import.meta.url);

interface ServerTiptap {
  getSchema: typeof TiptapCore.getSchema;
  domOutputSpecToHTMLString: typeof HtmlString.domOutputSpecToHTMLString;
  kit: TiptapKit;
}

let loaded: ServerTiptap | undefined;

/** Tiptap's modules the server uses, loaded on first call. */
export function tiptap(): ServerTiptap {
  loaded ??= {
    getSchema: (require("@tiptap/core") as typeof TiptapCore).getSchema,
    domOutputSpecToHTMLString: (require("@tiptap/static-renderer/pm/html-string") as typeof HtmlString)
      .domOutputSpecToHTMLString,
    kit: {
      StarterKit: (require("@tiptap/starter-kit") as typeof import("@tiptap/starter-kit")).StarterKit,
      Link: (require("@tiptap/extension-link") as typeof import("@tiptap/extension-link")).Link,
      Image: (require("@tiptap/extension-image") as typeof import("@tiptap/extension-image")).Image,
      TableKit: (require("@tiptap/extension-table") as typeof import("@tiptap/extension-table")).TableKit,
      Mention: (require("@tiptap/extension-mention") as typeof import("@tiptap/extension-mention")).Mention,
    },
  };
  return loaded;
}

/** True once this process has loaded Tiptap. */
export function tiptapLoaded(): boolean {
  return loaded !== undefined;
}

const schemas = new Map<DocKind, Schema>();

export function docSchema(kind: DocKind): Schema {
  let schema = schemas.get(kind);
  if (!schema) {
    const { getSchema, kit } = tiptap();
    schema = getSchema(buildExtensions(kind, kit));
    schemas.set(kind, schema);
  }
  return schema;
}
