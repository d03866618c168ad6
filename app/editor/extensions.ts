// The Tiptap extensions for the browser's editor (and tests), from the one list in
// extension-list.ts. Server code takes its schema from schema.server.ts, which loads
// the same packages on first use; it imports constants from extension-list.ts or
// limits.ts, never this module (importing it would load Tiptap with the server).
import type { AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Link from "@tiptap/extension-link";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import Mention from "@tiptap/extension-mention";
import { buildCaseExtensions, buildCommentExtensions, buildExtensions, type TiptapKit } from "./extension-list.ts";
import type { DocKind } from "./limits.ts";

export { DOC_LIMITS, type DocKind } from "./limits.ts";
export { HEADING_LEVELS, LINK_REL } from "./extension-list.ts";

const KIT: TiptapKit = { StarterKit, Link, Image, TableKit, Mention };

export function caseExtensions(): AnyExtension[] {
  return buildCaseExtensions(KIT);
}

export function commentExtensions(): AnyExtension[] {
  return buildCommentExtensions(KIT);
}

export function extensionsFor(kind: DocKind): AnyExtension[] {
  return buildExtensions(kind, KIT);
}
