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

  it("encodes like TextEncoder", () => {
    const text = "海外仓 €𝄞 plain";
    expect(Array.from(new BufferTextEncoder().encode(text))).toEqual(Array.from(new TextEncoder().encode(text)));
    expect(new BufferTextEncoder().encode()).toHaveLength(0);
  });
});
