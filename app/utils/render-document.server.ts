// A page's HTML (entry.server.tsx), and what becomes of a render that stops.
//
// The render used to be aborted 6 s after it began (streamTimeout + 1 s), however far it
// had got. After the shell, the one thing left to stream here is Remix's hydration data
// (its turbo-stream, rendered in nested Suspense steps; no page defers data of its own).
// Under load (10 connections, load average 8+) a member's long page was still streaming it
// at 6 s and was cut: React closes the document with a client-render instruction for the
// unfinished boundary (`$RX`, "The server did not finish this Suspense boundary"; with no
// reason given, "The render was aborted by the server without a reason"), so the browser
// got the whole markup but not all of the page's data, and every cut boundary logged an
// error. The response itself always ended cleanly (React closes its stream after the
// instruction, so the chunked body is terminated); what was wrong was cutting renders that
// were still making progress.
//
// Now the deadline is for silence: a render that has produced nothing for `stallMs` is
// aborted (and reported once); a slow render that keeps producing runs to its end. The
// client leaving aborts the render at once, and is no error.
//
// The page is read to its end here and sent as one buffer (ADR 060): no page defers data, so
// what streamed after the shell was only Remix's hydration data, resolved within the same
// render; one buffer is compressed in one go (no flush per piece) and spares the response its
// web-stream pipeline (a TransformStream, Remix's reader and a res.write + res.flush per chunk).
import type { ReactNode } from "react";
import { loadRenderer } from "./react-renderer.server.ts";

export interface RenderDocumentOptions {
  /** The request's signal: the client left. */
  signal: AbortSignal;
  nonce?: string;
  /** Abort the render after this long without a byte from it. */
  stallMs: number;
  /** Every error React reports (before the shell too: the page's status becomes 500). */
  onError?: (error: unknown) => void;
  /** Errors worth a log line: after the shell, neither the client leaving nor a stall. */
  log?: (error: unknown) => void;
  /** The render was aborted for its silence (called once). */
  onStall?: () => void;
}

/** The error a stalled render is aborted with (React names it in its client-render instruction). */
export class RenderStalledError extends Error {
  constructor(ms: number) {
    super(`the render produced nothing for ${ms} ms`);
    this.name = "RenderStalledError";
  }
}

/**
 * Renders `element` to the whole document's bytes. Rejects when the shell fails (Remix then
 * answers with the error boundary).
 */
export async function renderDocument(element: ReactNode, opts: RenderDocumentOptions): Promise<Buffer<ArrayBuffer>> {
  const { renderToReadableStream } = await loadRenderer();
  const abort = new AbortController();
  const leave = () => abort.abort(opts.signal.reason);
  if (opts.signal.aborted) leave();
  else opts.signal.addEventListener("abort", leave, { once: true });

  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  let stalled = false;
  const arm = () => {
    clearTimeout(timer);
    if (finished) return;
    timer = setTimeout(() => {
      stalled = true;
      opts.onStall?.();
      abort.abort(new RenderStalledError(opts.stallMs));
    }, opts.stallMs);
  };
  const finish = () => {
    finished = true;
    clearTimeout(timer);
    opts.signal.removeEventListener("abort", leave);
  };

  let shellRendered = false;
  arm();
  try {
    const body = await renderToReadableStream(element, {
      nonce: opts.nonce,
      signal: abort.signal,
      onError(error: unknown) {
        opts.onError?.(error);
        if (shellRendered && !opts.signal.aborted && !stalled) opts.log?.(error);
      },
    });
    shellRendered = true;
    // Remix's hydration data is resolved within a few microtasks. Read before it is, and React
    // sends the shell first and each data boundary after it as a fallback plus a `$RC` script that
    // swaps it in (~670 bytes more a page, and more work on both sides); read once it is (or after
    // one turn of the event loop, for data that takes longer), and the boundaries are inline.
    await Promise.race([body.allReady.catch(() => {}), new Promise((resolve) => setImmediate(resolve))]);
    // Every piece React hands over restarts the silence timer. An aborted render still ends its
    // stream cleanly (React closes the document with a client-render instruction).
    const parts: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      parts.push(value);
      size += value.byteLength;
    }
    return Buffer.concat(parts, size);
  } finally {
    finish();
  }
}
