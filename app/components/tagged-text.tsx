// A translation with numbered tags ("<0>登录</0>或<1>注册</1>后即可参与讨论。") rendered with
// the given elements around the tagged words: what react-i18next's <Trans components={[…]}>
// renders for such a string, without its work on every render. Trans parses the string
// into an HTML node tree (html-parse-stringify), walks it and clones each element: ~0.1 ms
// of CPU for the one on a reader's case page (the discussion's sign-in line; `node
// --cpu-prof`, issue 15.1). Here the string is split once per process and text; the
// markup is the same (tests/integration and the unit test compare it with Trans's).
// Only flat, numbered tags: an unknown or nested tag is left as text, as written.
import { cloneElement, Fragment, type ReactElement } from "react";

type Piece = string | { index: number; inner: string };

const pieces = new Map<string, Piece[]>();
const PIECES_MAX = 200;

export function splitTagged(text: string): Piece[] {
  let split = pieces.get(text);
  if (split) return split;
  split = [];
  const tag = /<(\d+)>([^<]*)<\/\1>/g;
  let last = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m.index > last) split.push(text.slice(last, m.index));
    split.push({ index: Number(m[1]), inner: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) split.push(text.slice(last));
  if (pieces.size >= PIECES_MAX) pieces.clear();
  pieces.set(text, split);
  return split;
}

export function TaggedText({ text, components }: { text: string; components: ReactElement[] }) {
  return (
    <>
      {splitTagged(text).map((p, i) => {
        if (typeof p === "string") return <Fragment key={i}>{p}</Fragment>;
        const element = components[p.index];
        return element ? cloneElement(element, { key: i }, p.inner) : <Fragment key={i}>{p.inner}</Fragment>;
      })}
    </>
  );
}
