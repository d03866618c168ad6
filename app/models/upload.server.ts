// Image uploads for the rich-text editor. The bytes decide what a file is (magic
// numbers, then sharp's own reading), never its name or Content-Type. Every image
// is decoded and re-encoded to WebP at most 2000 px wide, which drops EXIF/GPS and
// any payload hidden in the original; it is stored under DATA_DIR/uploads by the
// SHA-256 of the output, so the same picture is stored once and its URL never
// changes (served with an immutable cache header).
import crypto from "node:crypto";
import path from "node:path";
import { UPLOAD_FILE_RE, UPLOAD_URL_PREFIX } from "~/editor/urls.ts";
import { fileStorage } from "~/utils/file-storage.server.ts";
import { dataDir } from "~/utils/database-url.ts";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGE_WIDTH = 2000;
/** Decoding limit (pixels): a small file must not expand into gigabytes of memory. */
const MAX_INPUT_PIXELS = 50_000_000;
const WEBP_QUALITY = 82;

export type UploadErrorCode = "missing" | "tooLarge" | "badType" | "broken";

/** A refused upload; `messageKey` is an i18n key for the person who sent it. */
export class UploadError extends Error {
  constructor(
    public code: UploadErrorCode,
    detail?: string,
  ) {
    super(detail ?? code);
    this.name = "UploadError";
  }
  get messageKey(): string {
    return `editor:upload.errors.${this.code}`;
  }
}

type ImageType = "jpeg" | "png" | "gif" | "webp";

/** The image type its first bytes declare, or null for anything else. */
export function sniffImageType(buf: Uint8Array): ImageType | null {
  const at = (i: number) => buf[i];
  const ascii = (start: number, text: string) => [...text].every((c, i) => at(start + i) === c.charCodeAt(0));
  if (buf.length >= 3 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "jpeg";
  if (buf.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return "png";
  if (buf.length >= 6 && (ascii(0, "GIF87a") || ascii(0, "GIF89a"))) return "gif";
  if (buf.length >= 12 && ascii(0, "RIFF") && ascii(8, "WEBP")) return "webp";
  return null;
}

export function uploadsDir(): string {
  return path.join(dataDir(), "uploads");
}

export function uploadUrl(file: string): string {
  return `${UPLOAD_URL_PREFIX}${file}`;
}

/** The absolute path of a stored upload, or null when the name is not one of ours (no traversal). */
export function uploadPath(file: string | undefined): string | null {
  if (!file || !UPLOAD_FILE_RE.test(file)) return null;
  return path.join(uploadsDir(), file);
}

export interface StoredUpload {
  file: string;
  url: string;
  width: number;
  height: number;
  bytes: number;
  /** False when an identical image was already stored. */
  created: boolean;
}

/** Checks and re-encodes an image; throws UploadError for anything we do not take. */
export async function processImage(input: Uint8Array): Promise<{ webp: Buffer; width: number; height: number }> {
  if (input.byteLength === 0) throw new UploadError("missing");
  if (input.byteLength > MAX_UPLOAD_BYTES) throw new UploadError("tooLarge");
  const sniffed = sniffImageType(input);
  if (!sniffed) throw new UploadError("badType", "unknown magic bytes");
  try {
    // "truncated": cut-off files fail; harmless decoder warnings (common in
    // phone and scanner output) do not.
    // Loaded with the first upload, not with the server (issue 15.4).
    const { default: sharp } = await import("sharp");
    const image = sharp(input, { failOn: "truncated", limitInputPixels: MAX_INPUT_PIXELS, animated: false });
    const meta = await image.metadata();
    if (meta.format !== sniffed) throw new UploadError("badType", `sniffed ${sniffed}, decoded ${meta.format}`);
    const { data, info } = await image
      .rotate() // apply the EXIF orientation before the metadata goes
      .resize({ width: MAX_IMAGE_WIDTH, withoutEnlargement: true })
      .webp({ quality: WEBP_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { webp: data, width: info.width, height: info.height };
  } catch (e) {
    if (e instanceof UploadError) throw e;
    throw new UploadError("broken", e instanceof Error ? e.message : String(e));
  }
}

/** Processes and stores an image (file-storage.server.ts: DATA_DIR/uploads, or the database); the same output is stored once. */
export async function storeImage(input: Uint8Array): Promise<StoredUpload> {
  const { webp, width, height } = await processImage(input);
  const hash = crypto.createHash("sha256").update(webp).digest("hex");
  const file = `${hash}.webp`;
  const created = await fileStorage().put(`uploads/${file}`, webp);
  return { file, url: uploadUrl(file), width, height, bytes: webp.byteLength, created };
}

/** Size of a stored upload, or null when there is none by that name. */
export async function statUpload(file: string | undefined): Promise<{ size: number; mtime: Date } | null> {
  if (!uploadPath(file)) return null;
  return fileStorage().stat(`uploads/${file}`);
}

/** The bytes of a stored upload, or null when there is none by that name (or it is not one of ours). */
export async function readUpload(file: string | undefined): Promise<Buffer | null> {
  if (!uploadPath(file)) return null;
  return fileStorage().read(`uploads/${file}`);
}

/** A stored upload as a response body, or null. */
export async function streamUpload(file: string | undefined): Promise<ReadableStream<Uint8Array> | null> {
  if (!uploadPath(file)) return null;
  return fileStorage().stream(`uploads/${file}`);
}
