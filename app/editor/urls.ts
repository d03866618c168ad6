// URL rules shared by the editor (browser), the validator and the renderer, so a
// link or image the editor accepts is exactly one the server accepts.

/** Where uploaded images live: content-addressed WebP files served by resources.uploads_.$file. */
export const UPLOAD_URL_PREFIX = "/resources/uploads/";
export const UPLOAD_FILE_RE = /^[0-9a-f]{64}\.webp$/;
const UPLOAD_URL_RE = /^\/resources\/uploads\/[0-9a-f]{64}\.webp$/;

export const MAX_HREF_LENGTH = 2048;

// Whitespace, control, format (zero-width, bidi overrides) and separator
// characters never belong in a link we accept. Browsers strip some of them
// before reading the scheme ("java\tscript:"), so any of them anywhere rejects.
const INVISIBLE_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0]/u;

/**
 * True for absolute http(s) URLs with a host and for mailto: addresses; false for
 * everything else, including relative URLs and any other scheme. The scheme is
 * matched on the raw ASCII text (case-insensitively), so entity-encoded,
 * fullwidth or whitespace-split variants of "javascript:" never pass.
 */
export function isSafeHref(href: unknown): href is string {
  if (typeof href !== "string" || href.length === 0 || href.length > MAX_HREF_LENGTH) return false;
  if (INVISIBLE_OR_SPACE.test(href)) return false;
  if (/[<>"'`\\]/.test(href)) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (/^https?:\/\/[^/?#]/i.test(href)) {
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  }
  if (/^mailto:[^@]+@[^@]+$/i.test(href)) return url.protocol === "mailto:";
  return false;
}

/** Turns what a person typed into a link dialog into a safe href, or null. */
export function normalizeTypedHref(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  if (isSafeHref(text)) return text;
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(text) && isSafeHref(`mailto:${text}`)) return `mailto:${text}`;
  // "www.example.com/x" → https://…, but never "javascript:…" → "https://javascript:…".
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && isSafeHref(`https://${text}`)) return `https://${text}`;
  return null;
}

/** Image sources: only this app's own uploads, as a site-relative path. */
export function isUploadUrl(src: unknown): src is string {
  return typeof src === "string" && UPLOAD_URL_RE.test(src);
}
