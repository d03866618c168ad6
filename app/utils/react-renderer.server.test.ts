import { createElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { BufferTextEncoder, loadRenderer } from "./react-renderer.server.ts";

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    parts.push(value);
  }
}

describe("loadRenderer", () => {
  it("renders with Buffer-backed encoding, the same bytes as the text, and leaves the global TextEncoder alone", async () => {
    const encode = vi.spyOn(BufferTextEncoder.prototype, "encode");
    const original = globalThis.TextEncoder;
    const { renderToReadableStream } = await loadRenderer();
    expect(globalThis.TextEncoder).toBe(original);
    // Long multi-byte text in many pieces across the renderer's 512-byte views (ADR 020's NUL bytes).
    const items = Array.from({ length: 400 }, (_, i) => `第${i}条：数字化转型与海外仓共建 “quoted” & <escaped>`);
    const stream = await renderToReadableStream(
      createElement(
        "ul",
        null,
        items.map((text, i) => createElement("li", { key: i, title: text }, text)),
      ),
    );
    await stream.allReady;
    const html = (await bytesOf(stream)).toString("utf8");
    expect(html).not.toContain("\0");
    const escaped = (s: string) =>
      s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    expect(html).toBe(`<ul>${items.map((t) => `<li title="${escaped(t)}">${escaped(t)}</li>`).join("")}</ul>`);
    // Every piece went through the fast encoder (the renderer took it when it loaded).
    expect(encode.mock.calls.length).toBeGreaterThan(items.length);
  });

  it("leaves Node's Buffer pool usable after a page with long text pieces (a byte stream transfers them)", async () => {
    const { renderToReadableStream } = await loadRenderer();
    // One text piece of 2,100 bytes: React enqueues it as it is (over 512), and Buffer.from would take it
    // from the pool (under 4,096).
    const long = "海外仓共建共享".repeat(100);
    const pooled = Buffer.from("a small pooled buffer");
    const stream = await renderToReadableStream(
      createElement("main", null, createElement("p", null, long), createElement("p", { title: long }, "x")),
    );
    const html = (await bytesOf(stream)).toString("utf8");
    expect(html).toBe(`<main><p>${long}</p><p title="${long}">x</p></main>`);
    // A detached pool throws here (ERR_BUFFER_OUT_OF_BOUNDS) and empties buffers made before.
    expect(pooled.toString()).toBe("a small pooled buffer");
    expect(Buffer.from("after the render").toString()).toBe("after the render");
  });

  it("encodes like TextEncoder", () => {
    for (const text of ["海外仓 €𝄞 plain", "海".repeat(170), "海".repeat(171), "𝄞".repeat(100)]) {
      expect(Array.from(new BufferTextEncoder().encode(text))).toEqual(Array.from(new TextEncoder().encode(text)));
      expect(new BufferTextEncoder().encode(text).byteLength <= 512 || text.length > 170).toBe(true);
    }
    expect(new BufferTextEncoder().encode()).toHaveLength(0);
  });
});
