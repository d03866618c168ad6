// Joins the small pieces React's web-streams renderer emits (512-byte views)
// into one chunk per burst of rendering. @remix-run/node writes every chunk it
// reads and then calls res.flush(), and the compression middleware compresses
// and flushes at each one: 700 pieces of a 360 KB page cost 700 compressor
// flushes and a larger result. React enqueues everything a render pass
// completes synchronously, so a chunk is sent when the event loop turns (React
// waits for data: the shell goes out before deferred data arrives) or when
// MAX_BYTES are waiting, whichever comes first (ADR 020).

const MAX_BYTES = 64 * 1024;

export function coalesceChunks(
  maxBytes = MAX_BYTES,
  /** Called for every piece that comes in (renderDocument's silence timer), in the same pass. */
  onPiece?: () => void,
): TransformStream<Uint8Array, Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let pending: NodeJS.Immediate | null = null;
  let closed = false;

  const emit = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (pending) clearImmediate(pending);
    pending = null;
    if (size === 0 || closed) return;
    // One piece needs no copy; several are joined (React may reuse its precomputed pieces, never our copy).
    const chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    try {
      controller.enqueue(chunk);
    } catch {
      // The reader cancelled the stream (the client left) before the timer fired.
      closed = true;
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      onPiece?.();
      if (chunk.byteLength === 0) return;
      parts.push(chunk);
      size += chunk.byteLength;
      if (size >= maxBytes) emit(controller);
      else pending ??= setImmediate(() => emit(controller));
    },
    flush(controller) {
      emit(controller);
      closed = true;
    },
  });
}
