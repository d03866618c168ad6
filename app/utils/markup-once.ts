// HTML strings a page renders with dangerouslySetInnerHTML travel once in a document: in its
// markup, not again in its serialized loader data (ADR 054 did it for comment bodies; ADR 065
// for the case page's sections, chart, QR code and JSON-LD and the search page's highlights). A
// document's loader makes them
// non-enumerable properties: the server's render reads them, turbo-stream (which writes
// `Object.keys`) leaves them out, and the browser reads each one back from the element the
// server rendered, so the hydrating render sets the same innerHTML that is already there.
// A client navigation's `.data` request (context.document false) carries them as before.

/**
 * Leaves `keys` of `holder` out of a document's serialized data (`document`: the request
 * renders an HTML document). The values stay readable where the object itself is used; a
 * spread or `Object.keys` copy drops them, so pass them on by name.
 */
export function inMarkupOnly<T extends object>(
  holder: T,
  keys: readonly (keyof T)[],
  document: boolean | undefined,
): T {
  if (!document) return holder;
  for (const key of keys) {
    Object.defineProperty(holder, key, { value: holder[key], enumerable: false, writable: true, configurable: true });
  }
  return holder;
}

const fromMarkup = new Map<string, string>();

/**
 * `html` when the data carries it; otherwise (a browser hydrating a document whose data left
 * it out) the inner HTML of the element the server rendered, read once: the element with id
 * `key`, or the one `locate` finds (for repeated items without ids of their own).
 */
export function markupHtml(
  html: string | null | undefined,
  key: string,
  locate: () => Element | null | undefined = () => document.getElementById(key),
): string {
  if (typeof html === "string") return html;
  if (typeof document === "undefined") return "";
  let found = fromMarkup.get(key);
  if (found === undefined) {
    found = locate()?.innerHTML ?? "";
    fromMarkup.set(key, found);
  }
  return found;
}
