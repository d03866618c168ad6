// How an audit row's details read on /admin/audit.
/**
 * Details as readers understand them (issue 12.3: raw keys such as "baseId: clx…"
 * were shown): known keys and values translated, unknown ones kept as they are.
 */
export function detailsText(
  details: Record<string, unknown> | null,
  t: (key: string, opts: { defaultValue: string }) => string,
  separator: string,
): string {
  if (!details) return "";
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => {
      const value = String(v);
      const label = t(`auditlog:keys.${k}`, { defaultValue: k });
      return `${label}${separator}${t(`auditlog:values.${value}`, { defaultValue: value })}`;
    })
    .join(separator === "：" ? "；" : "; ");
}
