// The ProseMirror schema of each document kind, built once per process from the
// shared extension list (rebuilding it costs ~2 ms, more than a whole render).
import { getSchema } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { extensionsFor, type DocKind } from "./extensions.ts";

const schemas = new Map<DocKind, Schema>();

export function docSchema(kind: DocKind): Schema {
  let schema = schemas.get(kind);
  if (!schema) {
    schema = getSchema(extensionsFor(kind));
    schemas.set(kind, schema);
  }
  return schema;
}
