// The evidence limits the affiliation form shows (the browser may load this
// module; the checks themselves are in affiliation-evidence.server.ts).

/** At most 5 MB: a scanned letter or a phone photo of it. */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
/** The accept attribute of the file input (a hint for the picker; the server decides by the bytes). */
export const EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp";
