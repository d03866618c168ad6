import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  MAX_UPLOAD_BYTES,
  processImage,
  sniffImageType,
  statUpload,
  storeImage,
  uploadPath,
  uploadsDir,
  UploadError,
} from "./upload.server.ts";
import { storedNames } from "../../tests/helpers/stored-files.ts";

function jpegWithGps(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .withExif({
      IFD0: { Make: "TestCam", Copyright: "secret owner" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 54/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "116/1 23/1 0/1" },
    })
    .jpeg()
    .toBuffer();
}

const png = (w = 40, h = 30) =>
  sharp({ create: { width: w, height: h, channels: 4, background: "#3366ff" } })
    .png()
    .toBuffer();

async function rejection(input: Uint8Array): Promise<UploadError> {
  try {
    await processImage(input);
  } catch (e) {
    if (e instanceof UploadError) return e;
    throw e;
  }
  throw new Error("expected the upload to be refused");
}

describe("image uploads", () => {
  it("re-encodes a JPEG with GPS data to WebP without EXIF, at most 2000 px wide", async () => {
    const input = await jpegWithGps(3000, 1200);
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.exif!.includes(Buffer.from("secret owner"))).toBe(true);

    const out = await processImage(input);
    const meta = await sharp(out.webp).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.width).toBe(2000);
    expect(meta.height).toBe(800);
    expect(out).toMatchObject({ width: 2000, height: 800 });
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(out.webp.includes(Buffer.from("secret owner"))).toBe(false);
    expect(out.webp.includes(Buffer.from("TestCam"))).toBe(false);
  });

  it("does not enlarge small images", async () => {
    const out = await processImage(await png(40, 30));
    expect([out.width, out.height]).toEqual([40, 30]);
  });

  it("accepts GIF and WebP by content", async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .gif()
      .toBuffer();
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .webp()
      .toBuffer();
    expect(sniffImageType(gif)).toBe("gif");
    expect(sniffImageType(webp)).toBe("webp");
    await expect(processImage(gif)).resolves.toBeDefined();
    await expect(processImage(webp)).resolves.toBeDefined();
  });

  it("stores by content hash, once", async () => {
    const input = await png();
    const a = await storeImage(input);
    const b = await storeImage(input);
    expect(a.file).toMatch(/^[0-9a-f]{64}\.webp$/);
    expect(b.file).toBe(a.file);
    expect(a.url).toBe(`/resources/uploads/${a.file}`);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    const files = await storedNames("uploads");
    expect(files.filter((f) => f === a.file)).toHaveLength(1);
    expect(files.some((f) => f.endsWith(".tmp"))).toBe(false);
    expect(path.dirname(uploadPath(a.file)!)).toBe(uploadsDir());
    expect((await statUpload(a.file))?.size).toBe(a.bytes);
  });

  it("refuses text in a file named .png", async () => {
    const text = Buffer.from("this is not a picture, just text pretending to be image.png\n");
    expect((await rejection(text)).code).toBe("badType");
  });

  it("refuses SVG, even though browsers show it as an image", async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
    );
    expect((await rejection(svg)).code).toBe("badType");
  });

  it("refuses a file whose body does not match its magic bytes", async () => {
    const fake = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from("<script>alert(1)</script>"),
    ]);
    expect((await rejection(fake)).code).toBe("broken");
  });

  it("refuses truncated files", async () => {
    const jpeg = await jpegWithGps(600, 400);
    expect((await rejection(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).code).toBe("broken");
    const p = await png(300, 300);
    expect((await rejection(p.subarray(0, Math.floor(p.length * 0.6)))).code).toBe("broken");
  });

  it("refuses files over 10 MB before decoding them", async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1);
    big.set([0xff, 0xd8, 0xff], 0);
    const err = await rejection(big);
    expect(err.code).toBe("tooLarge");
    expect(err.messageKey).toBe("editor:upload.errors.tooLarge");
  });

  it("refuses an empty file", async () => {
    expect((await rejection(new Uint8Array())).code).toBe("missing");
  });

  it("gives no path for names that are not content hashes", () => {
    for (const name of [
      "../app.db",
      "..%2fapp.db",
      "a.webp",
      "A".repeat(64) + ".webp",
      "a".repeat(64) + ".webp/..",
      "a".repeat(64) + ".png",
      undefined,
    ]) {
      expect(uploadPath(name)).toBeNull();
    }
  });
});
