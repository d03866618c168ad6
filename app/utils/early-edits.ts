// What someone typed or chose before the page's script took over (a slow phone: a form is
// there seconds before it is interactive). React 18's hydration puts a <textarea> that had
// text back to the server's text and a <select> back to the server's choice, and no handler
// heard any early edit: the case form's autosave and its copy in the browser, counters,
// validation. The edits are read from the page before hydration (entry.client.tsx), kept up
// to date while it hydrates, and after it (once the root layout's effects have run) put back
// where they were lost and announced as input events, so every form sees them as typed.
// A plain box that a richer control replaces at hydration (a section's textarea becoming the
// editor) hands its text over itself: takeEarlyEdit.
import { useEffect } from "react";

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Input types whose text a person types (React keeps these through hydration; handlers did not hear them). */
const TYPED = new Set(["text", "search", "email", "url", "tel", "number", "password", "date", "month", "time"]);

let edits = new Map<Field, string | string[]>();
let listening = false;

function editOf(el: Element): string | string[] | null {
  if (el instanceof HTMLTextAreaElement) return el.value !== el.defaultValue ? el.value : null;
  if (el instanceof HTMLInputElement) return TYPED.has(el.type) && el.value !== el.defaultValue ? el.value : null;
  if (el instanceof HTMLSelectElement) {
    const changed = Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
    return changed ? Array.from(el.selectedOptions, (o) => o.value) : null;
  }
  return null;
}

function onEarlyInput(event: Event) {
  const el = event.target;
  if (!(el instanceof Element)) return;
  const edit = editOf(el);
  if (edit === null) edits.delete(el as Field);
  else edits.set(el as Field, edit);
}

/** Reads the edits already on the page and follows those made until restoreEarlyEdits. Before hydration. */
export function recordEarlyEdits(root: ParentNode = document): void {
  edits = new Map();
  for (const el of root.querySelectorAll("input, textarea, select")) {
    const edit = editOf(el);
    if (edit !== null) edits.set(el as Field, edit);
  }
  if (!listening) {
    document.addEventListener("input", onEarlyInput, true);
    document.addEventListener("change", onEarlyInput, true);
    listening = true;
  }
}

/** The text typed into `el` before hydration, handed over once (the caller shows it from now on). */
export function takeEarlyEdit(el: Element | null): string | null {
  if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) return null;
  const edit = edits.get(el);
  edits.delete(el);
  return typeof edit === "string" ? edit : null;
}

/**
 * Puts each early edit back where hydration undid it and tells the page's handlers, once.
 * React notices a changed value through a tracker of the last value it saw: the server's
 * value goes through the element's own setter (the tracker's), the edit through the
 * prototype's (not the tracker's), so the input event that follows reads as a change.
 */
export function restoreEarlyEdits(): void {
  if (listening) {
    document.removeEventListener("input", onEarlyInput, true);
    document.removeEventListener("change", onEarlyInput, true);
    listening = false;
  }
  const pending = edits;
  edits = new Map();
  for (const [el, edit] of pending) {
    if (!el.isConnected) continue; // replaced at hydration; its replacement took the text (takeEarlyEdit)
    if (el instanceof HTMLSelectElement) {
      const chosen = new Set(edit as string[]);
      for (const o of el.options) o.selected = chosen.has(o.value);
      el.dispatchEvent(new Event("change", { bubbles: true }));
      continue;
    }
    const focused = el.ownerDocument.activeElement === el;
    const caret = focused ? { start: el.selectionStart, end: el.selectionEnd } : null;
    const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el) as object, "value")!.set!;
    el.value = el.defaultValue;
    setValue.call(el, edit as string);
    if (caret && caret.start !== null && caret.end !== null) {
      try {
        el.setSelectionRange(caret.start, caret.end);
      } catch {
        // Types without a text selection (number, email in some browsers): the caret stays at the end.
      }
    }
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

/**
 * In the root layout: once the hydrated page's effects have all run. The forms' own listeners
 * are attached in effects (Conform validates an input by submitting an intent, which only its
 * submit handler stops): an input event sent earlier, from a layout effect, became a real POST of
 * the case form. Sent now, the events meet the handlers a keystroke would. Controls that replace
 * a plain box take its text before this, in layout effects (takeEarlyEdit).
 */
export function useEarlyEditsRestored(): void {
  useEffect(() => {
    const timer = setTimeout(restoreEarlyEdits, 0);
    return () => clearTimeout(timer);
  }, []);
}
