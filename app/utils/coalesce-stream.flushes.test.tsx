// Issue 15.5: @remix-run/node writes every chunk it reads and then calls
// res.flush(), and the compression middleware compresses and flushes at each
// call. A long page rendered by React's web-streams renderer comes in 512-byte
// pieces; coalesced, it is flushed once per rendering burst or 64 KiB.
import { Writable } from "node:stream";
import { writeReadableStreamToWritable } from "@remix-run/node";
import { renderToReadableStream } from "react-dom/server.browser";
import { describe, expect, it } from "vitest";
import { coalesceChunks } from "./coalesce-stream.server.ts";

/** A 200-comment-like page: long Chinese paragraphs. */
function LongPage() {
  return (
    <html lang="zh-CN">
      <body>
        {Array.from({ length: 400 }, (_, i) => (
          <article key={i} id={`c-${i}`}>
            <h3>成员 {i}</h3>
            <p>{"基地联合物流龙头和行业协会，在中东、中亚和拉美布局公共海外仓，按件计费、统一清关。".repeat(8)}</p>
          </article>
        ))}
      </body>
    </html>
  );
}

/** Writes the stream as Remix does and counts res.flush() calls and bytes. */
async function flushesFor(stream: ReadableStream<Uint8Array>) {
  let flushes = 0;
  let bytes = 0;
  const sink = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done();
      },
    }),
    { flush: () => void (flushes += 1) },
  );
  await writeReadableStreamToWritable(stream, sink);
  return { flushes, bytes };
}

describe("flushes of a long page", () => {
  it("one per 64 KiB, not one per React piece", async () => {
    const raw = await flushesFor(await renderToReadableStream(<LongPage />));
    const coalesced = await flushesFor((await renderToReadableStream(<LongPage />)).pipeThrough(coalesceChunks()));
    expect(coalesced.bytes).toBe(raw.bytes);
    expect(raw.bytes).toBeGreaterThan(300_000);
    expect(raw.flushes).toBeGreaterThan(500);
    expect(coalesced.flushes).toBeLessThanOrEqual(Math.ceil(raw.bytes / 65_536) + 1);
  });
});
