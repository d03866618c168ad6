// FILE_STORAGE=s3 (issue 14 point 3, ADR 063): an image a member uploads goes to the
// S3-compatible store (here the in-process fake, which checks every signature), is
// served back from it by the file route, and nothing lands in DATA_DIR. A store that
// refuses the write gives the member an error, not a broken image URL.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "~/auth/session.server.ts";
import { dataDir } from "~/utils/database-url.ts";
import { prisma } from "~/utils/db.server.ts";
import { fileStorage } from "~/utils/file-storage.server.ts";
import { answerStorageFull } from "~/utils/storage-full.server.ts";
import * as upload from "~/routes/resources.uploads/route.tsx";
import * as file from "~/routes/resources.uploads_.$file/route.tsx";
import { startFakeS3, type FakeS3 } from "../helpers/fake-s3.ts";
import { callRoute } from "../helpers/route.ts";

let s3: FakeS3;
let cookie = "";
const SETTINGS = ["FILE_STORAGE", "S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX"];

beforeAll(async () => {
  s3 = await startFakeS3("bee-uploads");
  Object.assign(process.env, {
    FILE_STORAGE: "s3",
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_PREFIX: "bee/",
  });
  const user = await prisma.user.create({
    data: {
      email: "s3-uploader@example.com",
      username: "s3_uploader",
      displayName: "对象存储上传者",
      passwordHash: "x",
      emailVerifiedAt: new Date(),
    },
  });
  cookie = (await startSession(user.id, { secure: false })).split(";")[0]!;
});

afterAll(async () => {
  for (const name of SETTINGS) delete process.env[name];
  await s3.close();
});

const png = (background: string) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background } })
    .png()
    .toBuffer();
function formWith(bytes: Uint8Array) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], "photo.png", { type: "image/png" }));
  return form;
}

describe("uploads on an S3-compatible store", () => {
  it("stores the image in the bucket, serves it from there, and writes nothing to DATA_DIR", async () => {
    expect(fileStorage().kind).toBe("s3");
    const res = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie,
      form: formWith(await png("#3a6")),
    });
    expect(res.status).toBe(201);
    const name = String(res.data.url).split("/").pop()!;
    expect(s3.objects.has(`bee/uploads/${name}`)).toBe(true);
    expect(fs.existsSync(path.join(dataDir(), "uploads", name))).toBe(false);

    const served = await file.loader({
      request: new Request(`http://127.0.0.1:3000/resources/uploads/${name}`),
      params: { file: name },
      context: {} as never,
    });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    const body = Buffer.from(await served.arrayBuffer());
    expect(body.equals(s3.objects.get(`bee/uploads/${name}`)!.bytes)).toBe(true);
    expect(Number(served.headers.get("content-length"))).toBe(body.length);

    // The same picture again is the same object: one conditional PUT, refused as stored already.
    const again = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie,
      form: formWith(await png("#3a6")),
    });
    expect(again.status).toBe(200);
    expect(again.data.url).toBe(res.data.url);
  });

  it("answers 404 for a file the bucket does not hold", async () => {
    const name = `${"a".repeat(64)}.webp`;
    const res = await callRoute(file.loader, { path: `/resources/uploads/${name}`, params: { file: name } });
    expect(res.status).toBe(404);
  });

  it("answers 503 in the member's language, not a URL, when the store refuses the write", async () => {
    // As the server runs every route (server/serve.ts wraps them with withStorageFullAnswers).
    const action = answerStorageFull(upload.action, "resource");
    s3.failNext(500, 10);
    try {
      const res = await callRoute(action, {
        path: "/resources/uploads?lang=en",
        cookie,
        form: formWith(await png("#a36")),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("60");
      expect(res.data).toEqual({
        error: "storage-unavailable",
        message: "The file store is not answering: nothing was saved",
      });
    } finally {
      s3.failNext(500, 0);
    }
  });

  it("answers 503 when the store does not answer at all", async () => {
    const action = answerStorageFull(upload.action, "resource");
    const endpoint = process.env.S3_ENDPOINT;
    process.env.S3_ENDPOINT = "http://127.0.0.1:9"; // the discard port: nothing listens
    try {
      const res = await callRoute(action, {
        path: "/resources/uploads?lang=zh-CN",
        cookie,
        form: formWith(await png("#63a")),
      });
      expect(res.status).toBe(503);
      expect(res.data.message).toBe("文件存储暂时无法访问，未保存任何内容");
    } finally {
      process.env.S3_ENDPOINT = endpoint;
    }
  });
});
