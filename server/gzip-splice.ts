// A page compressed once and served many times with a different CSP nonce each
// time. Gzip at level 6 costs ~8 ms for a 350 KB page — more than everything else
// a cached hit does — and the nonce must differ per response, so the cache keeps
// the page as independently compressed deflate pieces around the nonce's places.
// A hit writes: gzip header, piece, the nonce as a stored (uncompressed) deflate
// block, piece, …, the final piece, then CRC-32 and length of the whole text.
//
// Why this is valid deflate: each piece is compressed from an empty window and
// ended with a sync flush (byte-aligned, not final), so no back-reference crosses
// a piece, and a stored block may sit between any two byte-aligned blocks
// (RFC 1951 §3.2.4). Only the last piece carries the final-block bit.
import zlib from "node:zlib";

export interface SplicedPage {
  /** Raw deflate pieces; nonces go between them. */
  pieces: Buffer[];
  /** The uncompressed pieces, for the checksum of each response. */
  texts: Buffer[];
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

/** Compresses `body` around every occurrence of `nonce` (none: one piece). */
export function splicePage(body: string, nonce: string): SplicedPage {
  const texts = (nonce ? body.split(nonce) : [body]).map((s) => Buffer.from(s, "utf8"));
  const pieces = texts.map((t, i) =>
    zlib.deflateRawSync(t, {
      level: 6,
      finishFlush: i === texts.length - 1 ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    }),
  );
  return { pieces, texts };
}

/** A stored block holding `data` (< 64 KiB), not final, starting byte-aligned. */
function storedBlock(data: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = 0x00; // BFINAL=0, BTYPE=00, padded to the byte boundary
  head.writeUInt16LE(data.length, 1);
  head.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([head, data]);
}

/** The gzip body of the page with `nonce` in each of its places. */
export function gzipWithNonce(page: SplicedPage, nonce: string): Buffer {
  const n = Buffer.from(nonce, "utf8");
  if (n.length > 0xffff) throw new Error("nonce too long for one stored block");
  const out: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  page.pieces.forEach((piece, i) => {
    if (i > 0) {
      out.push(storedBlock(n));
      if (n.length > 0) crc = zlib.crc32(n, crc);
      size += n.length;
    }
    out.push(piece);
    // Never pass an empty buffer: zlib reads a null data pointer as "start over" and returns 0.
    if (page.texts[i]!.length > 0) crc = zlib.crc32(page.texts[i]!, crc);
    size += page.texts[i]!.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(trailer);
  return Buffer.concat(out);
}

/** The plain text of the page with `nonce` in its places (clients that take no gzip). */
export function plainWithNonce(page: SplicedPage, nonce: string): Buffer {
  const n = Buffer.from(nonce, "utf8");
  return Buffer.concat(page.texts.flatMap((t, i) => (i > 0 ? [n, t] : [t])));
}
