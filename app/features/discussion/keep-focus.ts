import { useEffect, useLayoutEffect } from "react";

// A member's comment list is replaced once after hydration: the server's HTML
// string becomes React elements (ADR 061). Replacing the nodes would drop the
// focus and the text selection of someone who tabbed, clicked or selected text to
// quote in that first moment, so the old list records both — elements as paths of
// element-child indexes, valid because both renders give the same markup
// (comment-markup.test.tsx), and a selection's ends as character offsets inside
// those elements, since the two renders may split text into nodes differently —
// and the new list puts them back.

/** A place in the list: an element's path, and a character offset inside it for a selection's end. */
type Point = { path: number[]; chars: number };
export type ReaderPlace = { focus: number[] | null; selection: { anchor: Point; focus: Point } | null };

/** The element-child indexes leading from `root` to `target` ([] for root), or null when it is not inside. */
export function pathWithin(root: Element, target: Element | null): number[] | null {
  if (!target || !root.contains(target)) return null;
  const path: number[] = [];
  for (let node: Element = target; node !== root; node = node.parentElement!) {
    path.unshift(Array.prototype.indexOf.call(node.parentElement!.children, node));
  }
  return path;
}

function elementAt(root: Element, path: number[]): Element | null {
  let node: Element | undefined = root;
  for (const i of path) node = node?.children[i];
  return node ?? null;
}

function pointWithin(root: Element, node: Node | null, offset: number): Point | null {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  const path = pathWithin(root, element);
  if (!element || !node || !path) return null;
  const before = root.ownerDocument.createRange();
  before.setStart(element, 0);
  before.setEnd(node, offset);
  return { path, chars: before.toString().length };
}

/** The text node and offset `chars` characters into the element at `point.path`. */
function nodeAt(root: Element, point: Point): [Node, number] | null {
  const element = elementAt(root, point.path);
  if (!element) return null;
  const walker = root.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let left = point.chars;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const length = text.textContent?.length ?? 0;
    if (left <= length) return [text, left];
    left -= length;
  }
  return [element, element.childNodes.length];
}

/** Where the focus and the selection are inside `root`, for readerPlaceBack after the nodes are replaced. */
export function readerPlace(root: Element): ReaderPlace {
  const doc = root.ownerDocument;
  const selected = doc.getSelection();
  let selection: ReaderPlace["selection"] = null;
  if (selected && selected.rangeCount > 0 && !selected.isCollapsed) {
    const anchor = pointWithin(root, selected.anchorNode, selected.anchorOffset);
    const focus = pointWithin(root, selected.focusNode, selected.focusOffset);
    if (anchor && focus) selection = { anchor, focus };
  }
  const active = doc.activeElement;
  return { focus: active && active !== root ? pathWithin(root, active) : null, selection };
}

/** Puts the focus and the selection back where readerPlace found them, unless the reader moved on meanwhile. */
export function readerPlaceBack(root: Element, place: ReaderPlace): void {
  const doc = root.ownerDocument;
  const active = doc.activeElement;
  const target = place.focus ? elementAt(root, place.focus) : null;
  if (target instanceof HTMLElement && (!active || active === doc.body)) target.focus({ preventScroll: true });
  const selected = doc.getSelection();
  if (place.selection && selected && (selected.rangeCount === 0 || selected.isCollapsed)) {
    const anchor = nodeAt(root, place.selection.anchor);
    const focus = nodeAt(root, place.selection.focus);
    if (anchor && focus) selected.setBaseAndExtent(anchor[0], anchor[1], focus[0], focus[1]);
  }
}

/** useLayoutEffect in the browser; nothing to do (and no React warning) on the server. */
export const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;
