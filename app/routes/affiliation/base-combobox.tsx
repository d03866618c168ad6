// The base picker of the affiliation form (issue 12.9): an ARIA 1.2 combobox
// (an input with a popup listbox, arrow keys, Enter, Escape; the active option
// announced through aria-activedescendant and a polite count) fed by
// /resources/base-search. It posts the chosen base's slug in a hidden `base`
// field. Without JavaScript the page shows a plain search form and a list of
// radio buttons instead (see route.tsx).
import { useEffect, useId, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface PickedBase {
  slug: string;
  name: string;
  otherName: string;
  city: string;
}

export function BaseCombobox(props: {
  name: string;
  /** The id its <label> points at. */
  inputId: string;
  label: string;
  hintId: string;
  errorId: string;
  invalid: boolean;
  initial: PickedBase | null;
  /** Text typed before the page was interactive: shown, and searched for at once. */
  initialQuery?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation("onboarding");
  const id = useId();
  const listId = `${id}-list`;
  const fetcher = useFetcher<{ bases: PickedBase[] }>();
  const [text, setText] = useState(props.initial?.name ?? props.initialQuery ?? "");
  const [picked, setPicked] = useState<PickedBase | null>(props.initial);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<number | undefined>(undefined);
  const options = fetcher.data?.bases ?? [];

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    if (!q.trim()) {
      setOpen(false);
      return;
    }
    // A short pause so fast typing (and an IME composing hanzi) asks once.
    timer.current = window.setTimeout(() => {
      fetcher.load(`/resources/base-search?q=${encodeURIComponent(q)}`);
      setOpen(true);
      setActive(-1);
    }, 150);
  };

  // Text typed before the page was interactive: searched for as if typed now, and the
  // caret put back at its end when the person was still in the box.
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = inputRef.current;
    if (props.autoFocus && input) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
    if (props.initialQuery && !props.initial) search(props.initialQuery);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the combobox takes over
  }, []);

  const choose = (b: PickedBase) => {
    setPicked(b);
    setText(b.name);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open && text.trim()) search(text);
      else if (options.length) setActive((a) => (a + 1) % options.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (options.length) setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
    } else if (e.key === "Enter") {
      if (open && active >= 0 && options[active]) {
        e.preventDefault();
        choose(options[active]!);
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text) {
        setText("");
        setPicked(null);
      }
    }
  };

  const expanded = open && options.length > 0;
  return (
    <div className="combobox">
      <input type="hidden" name={props.name} value={picked?.slug ?? ""} />
      <input
        ref={inputRef}
        id={props.inputId}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
        aria-describedby={`${props.hintId} ${props.errorId} ${id}-status`}
        aria-invalid={props.invalid || undefined}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setPicked(null);
          search(e.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
      />
      <ul id={listId} role="listbox" aria-label={props.label} className="combobox-list" hidden={!expanded}>
        {options.map((b, i) => (
          // The input keeps focus (aria-activedescendant); a click picks the option.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
          <li
            key={b.slug}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? "combobox-option is-active" : "combobox-option"}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(b)}
          >
            <span>{b.name}</span> <span className="meta">{b.otherName}</span> <span className="meta">{b.city}</span>
          </li>
        ))}
      </ul>
      <p id={`${id}-status`} className="sr-only" role="status">
        {picked
          ? t("baseSearch.chosen", { name: picked.name })
          : open && fetcher.state === "idle" && fetcher.data
            ? t("baseSearch.results", { count: options.length })
            : ""}
      </p>
    </div>
  );
}
