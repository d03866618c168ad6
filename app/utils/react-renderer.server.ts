// React's web-streams server renderer (ADR 020), loaded with a faster UTF-8 encoder.
//
// react-dom/server.browser 18.3.1 encodes every string piece of a page on its own
// (`new TextEncoder()` made once when the module loads, `.encode(piece)` for each
// attribute value, text and tag): ~8,000 calls for a 200-comment thread. Node's
// TextEncoder.encode crosses into C++ and allocates a fresh ArrayBuffer per call, and
// was 14 % of the CPU of a member's full render of that page (`node --cpu-prof`,
// issue 15.2). Buffer.from(string, "utf8") gives the same bytes (a Buffer is a
// Uint8Array) from a shared pool, ~5× faster for short strings. React copies short
// pieces into its own views and never writes into what the encoder returns; long
// pieces are transferred, so they are encoded as before (see POOLED_MAX_UNITS).
//
// The renderer takes the global TextEncoder when its module is evaluated, so the
// module is imported here, once, while the global is this subclass; the global is
// restored right after.
import type * as ServerBrowser from "react-dom/server.browser";

/**
 * Strings of at most this many UTF-16 units encode to at most 510 bytes (3 bytes per
 * unit at most), which React copies into its own 512-byte view. A longer piece React
 * enqueues as it is, and its stream is a byte stream: enqueueing *transfers* the
 * chunk's ArrayBuffer. A pooled Buffer shares its ArrayBuffer with every other small
 * Buffer of the process, so it would detach Node's pool (every later Buffer.from
 * fails with ERR_BUFFER_OUT_OF_BOUNDS). Longer strings therefore get TextEncoder's
 * own, unshared memory.
 */
const POOLED_MAX_UNITS = 170;

export class BufferTextEncoder extends TextEncoder {
  override encode(input = ""): Uint8Array<ArrayBuffer> {
    if (input.length > POOLED_MAX_UNITS) return super.encode(input);
    // A pooled Buffer's memory is a plain ArrayBuffer, never shared across threads.
    return Buffer.from(input, "utf8") as Uint8Array<ArrayBuffer>;
  }
}

let loading: Promise<typeof ServerBrowser> | null = null;

/** react-dom/server.browser, whose string pieces are encoded by BufferTextEncoder. */
export function loadRenderer(): Promise<typeof ServerBrowser> {
  return (loading ??= (async () => {
    const original = globalThis.TextEncoder;
    globalThis.TextEncoder = BufferTextEncoder;
    try {
      return await import("react-dom/server.browser");
    } finally {
      globalThis.TextEncoder = original;
    }
  })());
}
