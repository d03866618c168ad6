// A <details> menu that closes like a menu should (issue 12.6): on Escape (focus
// back on its <summary>), on a click outside it, and when focus leaves it. The
// <details> keeps working without JavaScript; this only adds the closing.
import { useEffect, type RefObject } from "react";

/** `mountedWith` changes when the <details> may have (dis)appeared, e.g. the signed-in user. */
export function useDismissableDetails(ref: RefObject<HTMLDetailsElement>, mountedWith: unknown): void {
  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const close = (returnFocus: boolean) => {
      if (!details.open) return;
      details.open = false;
      if (returnFocus) details.querySelector("summary")?.focus();
    };
    const onKey = (e: KeyboardEvent) => {
      // A menu inside this one (the account menu in the phone menu) closes first, alone.
      if (e.key === "Escape" && details.open && !e.defaultPrevented) {
        e.preventDefault();
        close(true);
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !details.contains(e.target)) close(false);
    };
    const onFocusOut = (e: FocusEvent) => {
      // relatedTarget is null when focus goes to the page itself (a click on nothing): the pointer handler covers that.
      if (e.relatedTarget instanceof Node && !details.contains(e.relatedTarget)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    details.addEventListener("focusout", onFocusOut);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
      details.removeEventListener("focusout", onFocusOut);
    };
  }, [ref, mountedWith]);
}
