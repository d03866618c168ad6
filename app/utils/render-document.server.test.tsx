// What a client receives when a render stops (issue 15): a render that keeps producing
// runs past the deadline to its end; one that produced nothing for `stallMs` is aborted
// and the document still ends cleanly (the whole page comes back, no error), reported once.
import { Suspense, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { renderDocument } from "./render-document.server.ts";

/** A chain of Suspense steps, each ready `stepMs` after the one before (like Remix's streamed data). */
function steps(count: number, stepMs: number): ReactNode {
  const ready = new Map<number, Promise<void> | true>();
  function Step({ n }: { n: number }): ReactNode {
    const state = ready.get(n);
    if (state !== true) {
      if (!state)
        ready.set(
          n,
          new Promise<void>((r) => setTimeout(r, stepMs)).then(() => void ready.set(n, true)),
        );
      throw ready.get(n);
    }
    return (
      <>
        <p>{`step ${n}`}</p>
        {n < count && (
          <Suspense fallback={null}>
            <Step n={n + 1} />
          </Suspense>
        )}
      </>
    );
  }
  return (
    <Suspense fallback={null}>
      <Step n={1} />
    </Suspense>
  );
}

function Never(): ReactNode {
  throw new Promise(() => {});
}

const page = (inner: ReactNode) => (
  <html lang="en">
    <body>
      <main>shell</main>
      {inner}
    </body>
  </html>
);

/** Ready a few microtasks after the render starts, like Remix's hydration data. */
function Soon(): ReactNode {
  const state = soon.value;
  if (state === true) return <p>data</p>;
  if (!state)
    soon.value = Promise.resolve()
      .then(() => Promise.resolve())
      .then(() => void (soon.value = true));
  throw soon.value;
}
const soon: { value: Promise<void> | true | undefined } = { value: undefined };

describe("renderDocument", () => {
  it("renders data that is ready within microtasks inline, without a streamed-in boundary", async () => {
    soon.value = undefined;
    const html = (
      await renderDocument(
        page(
          <Suspense fallback={<span>loading</span>}>
            <Soon />
          </Suspense>,
        ),
        { signal: new AbortController().signal, stallMs: 1000 },
      )
    ).toString("utf8");
    expect(html).toContain("<p>data</p>");
    expect(html).not.toContain("loading");
    expect(html).not.toContain("$RC");
  });

  it("lets a slow render that keeps producing finish past the silence deadline", async () => {
    const onStall = vi.fn();
    const log = vi.fn();
    const started = performance.now();
    const html = (
      await renderDocument(page(steps(8, 40)), {
        signal: new AbortController().signal,
        stallMs: 150,
        onStall,
        log,
      })
    ).toString("utf8");
    // 8 steps of 40 ms: well past 150 ms in all, never 150 ms silent.
    expect(performance.now() - started).toBeGreaterThan(300);
    expect(html).toContain("step 8");
    expect(html).not.toContain("$RX");
    expect(onStall).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it("ends a stalled render cleanly: the document closes with the rest left to the client, reported once", async () => {
    const onStall = vi.fn();
    const log = vi.fn();
    const onError = vi.fn();
    const body = await renderDocument(
      page(
        <Suspense fallback={<span>loading</span>}>
          <Never />
          <Never />
        </Suspense>,
      ),
      {
        signal: new AbortController().signal,
        stallMs: 100,
        onStall,
        log,
        onError,
      },
    );
    const html = body.toString("utf8"); // resolves, does not reject
    expect(html).toContain("<main>shell</main>");
    expect(html).toContain("</html>");
    // React's client-render instruction for the unfinished part, naming why.
    expect(html).toMatch(/\$RX\("B:0"/);
    expect(html).toContain("the render produced nothing for 100 ms");
    expect(onStall).toHaveBeenCalledTimes(1);
    expect(log).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalled();
  });

  it("stops at once, without a stall report or an error log, when the client leaves", async () => {
    const onStall = vi.fn();
    const log = vi.fn();
    const client = new AbortController();
    const started = performance.now();
    setTimeout(() => client.abort(), 20);
    const html = (
      await renderDocument(
        page(
          <Suspense fallback={null}>
            <Never />
          </Suspense>,
        ),
        {
          signal: client.signal,
          stallMs: 10_000,
          onStall,
          log,
        },
      )
    ).toString("utf8");
    expect(html).toContain("<main>shell</main>");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(onStall).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });
});
