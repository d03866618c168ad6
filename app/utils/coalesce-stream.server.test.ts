import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { coalesceChunks } from "./coalesce-stream.server.ts";

async function readAll(stream: ReadableStream<Uint8Array>) {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(decoder.decode(c));
  return chunks;
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe("coalesceChunks", () => {
  it("sends the pieces enqueued in one turn of the event loop as one chunk", async () => {
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 700; i++) c.enqueue(bytes("数字化转型"));
        c.close();
      },
    });
    const chunks = await readAll(source.pipeThrough(coalesceChunks()));
    expect(chunks).toEqual(["数字化转型".repeat(700)]);
  });

  it("sends what is waiting when the producer pauses (the shell before deferred data)", async () => {
    const source = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(bytes("<html>"));
        c.enqueue(bytes("shell"));
        await new Promise((r) => setTimeout(r, 20));
        c.enqueue(bytes("deferred"));
        c.close();
      },
    });
    expect(await readAll(source.pipeThrough(coalesceChunks()))).toEqual(["<html>shell", "deferred"]);
  });

  it("tells of every piece as it comes in (renderDocument's silence timer)", async () => {
    let told = 0;
    const seen: number[] = [];
    const source = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(bytes("a"));
        c.enqueue(bytes(""));
        await new Promise((r) => setTimeout(r, 20));
        seen.push(told);
        c.enqueue(bytes("b"));
        c.close();
      },
    });
    expect(await readAll(source.pipeThrough(coalesceChunks(undefined, () => told++)))).toEqual(["a", "b"]);
    expect(seen).toEqual([2]);
    expect(told).toBe(3);
  });

  it("does not hold more than its limit", async () => {
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(bytes("x".repeat(100)));
        c.close();
      },
    });
    const chunks = await readAll(source.pipeThrough(coalesceChunks(300)));
    expect(chunks.map((c) => c.length)).toEqual([300, 300, 300, 100]);
  });

  it("a reader that leaves before the timer fires raises nothing", async () => {
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes("a"));
      },
    });
    const out = source.pipeThrough(coalesceChunks());
    const reader = out.getReader();
    const pending = reader.read();
    await reader.cancel();
    await pending;
    await nextTurn();
    await nextTurn();
  });
});
