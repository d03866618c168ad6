// Uploaded files in an S3-compatible object store (FILE_STORAGE=s3, ADR 063): every app node
// reaches the same bucket, and the database stays small. Path-style URLs
// (<endpoint>/<bucket>/<prefix><key>), which MinIO, Ceph and most on-premises stores
// answer; requests signed with AWS Signature V4 by aws4fetch (loaded on the first request).
// A PUT carries `If-None-Match: *`: keys are content hashes, so a file already there is
// the same file and the answer 412 means "stored before". A store that ignores the header
// overwrites it with identical bytes, which is harmless.
import type { AwsClient } from "aws4fetch";
import type { Env } from "./env.server.ts";
import { checked, type FileStorage } from "./stored-file.ts";

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
  timeoutMs: number;
}

/** The S3_* settings of a checked environment (FILE_STORAGE=s3 makes the required ones present). */
export function s3SettingsFrom(e: Env): S3Settings {
  return {
    endpoint: (e.S3_ENDPOINT ?? "").replace(/\/+$/, ""),
    bucket: e.S3_BUCKET ?? "",
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID ?? "",
    secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? "",
    prefix: e.S3_PREFIX,
    timeoutMs: e.S3_TIMEOUT_MS,
  };
}

/** The object store refused a request or did not answer; `status` 0 when nothing came back. */
export class S3StoreError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "S3StoreError";
  }
}

export function s3FileStorage(settings: S3Settings): FileStorage {
  let client: Promise<AwsClient> | undefined;
  const clientFor = () =>
    (client ??= import("aws4fetch").then(
      ({ AwsClient }) =>
        new AwsClient({
          accessKeyId: settings.accessKeyId,
          secretAccessKey: settings.secretAccessKey,
          region: settings.region,
          service: "s3",
          // aws4fetch retries 5xx and 429 with back-off; a few tries, so a request never hangs for long.
          retries: 2,
          initRetryMs: 50,
        }),
    ));
  const urlOf = (key: string) =>
    `${settings.endpoint}/${settings.bucket}/${settings.prefix}${checked(key)}`
      .split("/")
      .map((part, i) => (i < 3 ? part : encodeURIComponent(part)))
      .join("/");

  const send = async (method: string, key: string, init: { body?: Uint8Array; headers?: HeadersInit } = {}) => {
    const url = urlOf(key);
    const aws = await clientFor();
    try {
      return await aws.fetch(url, {
        method,
        headers: init.headers,
        body: init.body ? (init.body as Uint8Array<ArrayBuffer>) : undefined,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      // No answer at all (refused, unreachable, timed out): the same kind of failure as a 5xx.
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new S3StoreError(`S3 ${method} ${settings.bucket}/${settings.prefix}${key} got no answer (${cause})`, 0);
    }
  };
  /** A failure the operator can act on: the method, the key and the store's answer. */
  const failure = async (method: string, key: string, res: Response) => {
    const text = method === "HEAD" ? "" : (await res.text().catch(() => "")).slice(0, 300);
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    return new S3StoreError(
      `S3 ${method} ${settings.bucket}/${settings.prefix}${key} answered ${res.status}${code ? ` ${code}` : ""}`,
      res.status,
    );
  };
  const get = async (key: string) => {
    const res = await send("GET", key);
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) throw await failure("GET", key, res);
    return res;
  };

  return {
    kind: "s3",
    async put(key, bytes) {
      const res = await send("PUT", key, {
        body: bytes,
        headers: { "If-None-Match": "*", "Content-Length": String(bytes.byteLength) },
      });
      if (res.status === 412) {
        await res.body?.cancel();
        return false;
      }
      if (!res.ok) throw await failure("PUT", key, res);
      await res.body?.cancel();
      return true;
    },
    async stat(key) {
      const res = await send("HEAD", key);
      if (res.status === 404) return null;
      if (!res.ok) throw await failure("HEAD", key, res);
      const modified = res.headers.get("last-modified");
      return {
        size: Number(res.headers.get("content-length") ?? 0),
        mtime: modified ? new Date(modified) : new Date(0),
      };
    },
    async read(key) {
      const res = await get(key);
      return res ? Buffer.from(await res.arrayBuffer()) : null;
    },
    async stream(key) {
      const res = await get(key);
      return (res?.body as ReadableStream<Uint8Array> | null) ?? null;
    },
    async remove(key) {
      const res = await send("DELETE", key);
      await res.body?.cancel();
      // Deleting what is not there is done already.
      if (!res.ok && res.status !== 404) throw await failure("DELETE", key, res);
    },
  };
}
