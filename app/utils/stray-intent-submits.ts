// Conform validates a field by submitting its form with a temporary `__intent__` button, and
// its submit handler — a React handler — stops that submission. React ignores events while it
// commits (its event system is off then), and a focused field that a commit removes fires its
// blur right then: a section's plain box giving way to the editor at hydration, the affiliation
// page's list giving way to the combobox. Conform's own document listener still validated that
// blur, nobody stopped the submission, and the browser POSTed the whole form to the page (a case
// form came back as a 400, the person's early text gone). With the page's script running, an
// intent submission that nothing handled is stopped here: it only ever meant "validate this".
export const CONFORM_INTENT = "__intent__";

export function stopStrayIntentSubmits(target: Window = window): void {
  // The window's bubble phase runs after React's handlers (on the document): a handled
  // submission is already prevented, or sent on by Remix, by then.
  target.addEventListener("submit", (event) => {
    const submitter = (event as SubmitEvent).submitter;
    if (!event.defaultPrevented && submitter?.getAttribute("name") === CONFORM_INTENT) event.preventDefault();
  });
}
