// Orders of the /cases list: shared by the case model (server) and the list's sort control (browser).
export const CASE_SORTS = ["newest", "oldest", "helpful", "discussed", "adopted"] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export function isCaseSort(value: unknown): value is CaseSort {
  return typeof value === "string" && (CASE_SORTS as readonly string[]).includes(value);
}
