// Limits of one base-list import (docs/base-import-format.md), in a module without
// server code so the upload page can show them: the file stays under the server's
// 2 MiB body limit, and the rows leave room above the registry's 578 bases.
export const IMPORT_MAX_BYTES = 1_500_000;
export const IMPORT_MAX_ROWS = 5_000;
