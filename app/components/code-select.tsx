// A filter <select> over a fixed list of codes (provinces, industries): its
// label, an "any" option first, one translated option per code. Filter forms on
// list pages (cases, bases, the admin registry) use it so each list looks and
// reads the same.
export function CodeSelect<Code extends string>({
  id,
  name,
  label,
  codes,
  value,
  anyLabel,
  optionLabel,
}: {
  id: string;
  name: string;
  label: string;
  codes: readonly Code[];
  /** The chosen code; "" or undefined for any. */
  value: string | null | undefined;
  anyLabel: string;
  optionLabel: (code: Code) => string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {/* Keyed by the value so a client-side navigation to other filters resets the choice. */}
      <select id={id} name={name} defaultValue={value ?? ""} key={value ?? ""}>
        <option value="">{anyLabel}</option>
        {codes.map((code) => (
          <option key={code} value={code}>
            {optionLabel(code)}
          </option>
        ))}
      </select>
    </div>
  );
}
