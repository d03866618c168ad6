// Which error page a status shows (errors.json's keys): the error boundary's text and the
// root's <title> for it read the same kind.
export type ErrorKind =
  "notFound" | "forbidden" | "tooMany" | "storageFull" | "storageUnavailable" | "badRequest" | "server";

export function errorKind(status: number): ErrorKind {
  if (status === 404) return "notFound";
  if (status === 403) return "forbidden";
  if (status === 429) return "tooMany";
  if (status === 507) return "storageFull";
  if (status === 503) return "storageUnavailable";
  return status >= 400 && status < 500 ? "badRequest" : "server";
}
