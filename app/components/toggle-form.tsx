// An on/off button backed by a form (follow, bookmark): it works without
// JavaScript (POST, redirect back to this page); once hydrated it submits with a
// fetcher and shows the new state at once (what is being submitted, else what
// the server answered, else the loader's value). Visitors who are not signed in
// get a "log in to …" link back to this page instead. The button's name stays
// the same; aria-pressed carries the state.
import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";

export function ToggleForm(props: {
  /** The resource route that takes the POST. */
  action: string;
  /** The intents the button sends to switch on and off. */
  intents: { on: string; off: string };
  /** The loader's state. */
  on: boolean;
  /** The field of the fetcher's answer that carries the new state. */
  answerField: string;
  signedIn: boolean;
  loginLabel: string;
  /** Fields that name the target (caseId, targetType…). */
  fields: Record<string, string>;
  formClassName: string;
  buttonClassName: (on: boolean) => string;
  loginClassName: string;
  /** The button's content; the same accessible name in both states. */
  children: (on: boolean) => ReactNode;
  /** Translates the error key the resource route answers. */
  errorText: (key: string) => string;
}) {
  const location = useLocation();
  const fetcher = useFetcher<{ error: string | null } & Record<string, unknown>>();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const here = location.pathname + location.search;

  if (!props.signedIn) {
    return (
      <Link className={props.loginClassName} to={`/login?redirectTo=${encodeURIComponent(here)}`}>
        {props.loginLabel}
      </Link>
    );
  }
  const pending = fetcher.formData?.get("intent");
  const answered = fetcher.data?.[props.answerField];
  const shown =
    pending === props.intents.on
      ? true
      : pending === props.intents.off
        ? false
        : typeof answered === "boolean"
          ? answered
          : props.on;
  return (
    <fetcher.Form method="post" action={props.action} className={props.formClassName}>
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="redirectTo" value={here} />
      {hydrated ? <input type="hidden" name="_fetcher" value="1" /> : null}
      <button
        type="submit"
        name="intent"
        value={shown ? props.intents.off : props.intents.on}
        className={props.buttonClassName(shown)}
        aria-pressed={shown}
      >
        {props.children(shown)}
      </button>
      {fetcher.data?.error ? (
        <span className="form-error" role="alert">
          {props.errorText(fetcher.data.error)}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
