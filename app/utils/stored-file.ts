// What every file store shares (file-storage.server.ts, s3-file-storage.server.ts): the
// interface the models call and the rule a key follows.

export interface StoredFileInfo {
  size: number;
  mtime: Date;
}

export interface FileStorage {
  readonly kind: "local" | "database" | "s3";
  /** Stores the bytes under `key` unless a file is there already; false when it was. */
  put(key: string, bytes: Uint8Array): Promise<boolean>;
  stat(key: string): Promise<StoredFileInfo | null>;
  read(key: string): Promise<Buffer | null>;
  /** The file as a web stream for a response body, or null. */
  stream(key: string): Promise<ReadableStream<Uint8Array> | null>;
  remove(key: string): Promise<void>;
}

const KEY_RE = /^[a-z]+\/[0-9a-f]{64}\.[a-z]{3,4}$/;

/** The key itself, or an error when it is not one the app makes (no path can reach another file). */
export function checked(key: string): string {
  if (!KEY_RE.test(key)) throw new Error(`not a storage key: ${key}`);
  return key;
}
