import { useEffect, useLayoutEffect } from "react";

// A member's comment list is replaced once after hydration: the server's HTML
// string becomes React elements (ADR 061). Replacing the nodes would drop the
// focus of someone who tabbed or clicked into the list in that first moment, so
// the old list records where the focus was — as a path of element-child indexes,
// valid because both renders give the same markup (comment-markup.test.tsx) — and
// the new list puts it back on the element at the same place.

/** The element-child indexes leading from `root` to `target`, or null when `target` is not inside it. */
export function pathWithin(root: Element, target: Element | null): number[] | null {
  if (!target || target === root || !root.contains(target)) return null;
  const path: number[] = [];
  for (let node: Element = target; node !== root; node = node.parentElement!) {
    path.unshift(Array.prototype.indexOf.call(node.parentElement!.children, node));
  }
  return path;
}

/** Focuses the element at `path` under `root` when it is there and focus went nowhere else meanwhile. */
export function refocus(root: Element, path: number[]): boolean {
  const active = root.ownerDocument.activeElement;
  if (active && active !== root.ownerDocument.body) return false;
  let node: Element | undefined = root;
  for (const i of path) node = node?.children[i];
  if (!(node instanceof HTMLElement)) return false;
  node.focus({ preventScroll: true });
  return root.ownerDocument.activeElement === node;
}

/** useLayoutEffect in the browser; nothing to do (and no React warning) on the server. */
export const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;
