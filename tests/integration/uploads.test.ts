// The upload endpoint and the file route, called the way the server calls them.
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { startSession } from "~/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { consume, LIMITS } from "~/utils/rate-limit.server.ts";
import * as upload from "~/routes/resources.uploads/route.tsx";
import * as file from "~/routes/resources.uploads_.$file/route.tsx";

let cookie = "";

beforeAll(async () => {
  const user = await prisma.user.create({
    data: {
      email: "uploader@example.com",
      username: "uploader",
      displayName: "上传者",
      passwordHash: "x",
      emailVerifiedAt: new Date(),
    },
  });
  const setCookie = await startSession(user.id, { secure: false });
  cookie = setCookie.split(";")[0]!;
});

function formWith(bytes: Uint8Array, name: string, type: string): FormData {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], name, { type }));
  return form;
}

const jpeg = () =>
  sharp({ create: { width: 2600, height: 1300, channels: 3, background: "#2a6" } })
    .withExif({ IFD0: { Artist: "someone" } })
    .jpeg()
    .toBuffer();

describe("POST /resources/uploads", () => {
  it("refuses anonymous uploads", async () => {
    const res = await callRoute(upload.action, {
      path: "/resources/uploads",
      form: formWith(await jpeg(), "a.jpg", "image/jpeg"),
    });
    expect(res.status).toBe(401);
    expect(typeof res.data.error).toBe("string");
  });

  it("refuses members whose email is not verified, in their language (issue 10.5)", async () => {
    const user = await prisma.user.create({
      data: {
        email: "unverified-uploader@example.com",
        username: "unverified_up",
        displayName: "未验证",
        passwordHash: "x",
      },
    });
    const unverified = (await startSession(user.id, { secure: false })).split(";")[0]!;
    for (const [lang, text] of [
      ["zh-CN", /请先验证您的邮箱地址/],
      ["en", /Confirm your email address/],
    ] as const) {
      const res = await callRoute(upload.action, {
        path: `/resources/uploads?lang=${lang}`,
        cookie: unverified,
        form: formWith(await jpeg(), "a.jpg", "image/jpeg"),
      });
      expect(res.status).toBe(403);
      expect(res.data.error).toMatch(text);
      expect(res.data.url).toBeUndefined();
    }
  });

  it("stores a member's image and answers with its URL", async () => {
    const res = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie,
      form: formWith(await jpeg(), "photo.jpg", "image/jpeg"),
    });
    expect(res.status).toBe(201);
    expect(res.data.url).toMatch(/^\/resources\/uploads\/[0-9a-f]{64}\.webp$/);
    expect(res.data.width).toBe(2000);

    const again = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie,
      form: formWith(await jpeg(), "copy.jpg", "image/jpeg"),
    });
    expect(again.status).toBe(200);
    expect(again.data.url).toBe(res.data.url);
  });

  it("answers a clear 400 in the member's language for a wrong file", async () => {
    const text = new TextEncoder().encode("just text");
    const en = await callRoute(upload.action, {
      path: "/resources/uploads?lang=en",
      cookie,
      form: formWith(text, "evil.png", "image/png"),
    });
    expect(en.status).toBe(400);
    expect(en.data.error).toBe("Only JPEG, PNG, WebP and GIF images can be uploaded.");
    const zh = await callRoute(upload.action, {
      path: "/resources/uploads?lang=zh-CN",
      cookie,
      form: formWith(text, "evil.png", "image/png"),
    });
    expect(zh.data.error).toBe("只能上传 JPEG、PNG、WebP 或 GIF 图片。");
  });

  it("answers 400 when there is no file", async () => {
    const res = await callRoute(upload.action, { path: "/resources/uploads", cookie, form: { file: "not a file" } });
    expect(res.status).toBe(400);
  });

  it("refuses a body that declares more than the limit", async () => {
    const res = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie,
      form: formWith(new Uint8Array(10), "a.png", "image/png"),
      headers: { "content-length": String(20 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
  });

  it("limits how many images one member uploads per hour, with a retry time", async () => {
    const other = await prisma.user.create({
      data: {
        email: "busy@example.com",
        username: "busy",
        displayName: "Busy",
        passwordHash: "x",
        emailVerifiedAt: new Date(),
      },
    });
    const busyCookie = (await startSession(other.id, { secure: false })).split(";")[0]!;
    await consume([["uploadUser", other.id]], LIMITS.uploadUser.points);
    const res = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie: busyCookie,
      headers: { "Accept-Language": "en" },
      form: formWith(await jpeg(), "one-too-many.jpg", "image/jpeg"),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(res.data.error).toMatch(/minute/);
  });

  it("refuses a file part over 10 MB", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 10);
    big.set([0xff, 0xd8, 0xff]);
    const res = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie,
      form: formWith(big, "big.jpg", "image/jpeg"),
    });
    expect(res.status).toBe(413);
  });
});

describe("GET /resources/uploads/:file", () => {
  it("serves the stored WebP as immutable, nosniff", async () => {
    const up = await callRoute(upload.action, {
      path: "/resources/uploads",
      cookie,
      form: formWith(await jpeg(), "p.jpg", "image/jpeg"),
    });
    const name = String(up.data.url).split("/").pop()!;
    const res = await file.loader({
      request: new Request(`http://127.0.0.1:3000/resources/uploads/${name}`),
      params: { file: name },
      context: {} as never,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(body.length);
    expect((await sharp(body).metadata()).format).toBe("webp");

    const cached = await file.loader({
      request: new Request(`http://127.0.0.1:3000/resources/uploads/${name}`, {
        headers: { "If-None-Match": res.headers.get("etag")! },
      }),
      params: { file: name },
      context: {} as never,
    });
    expect(cached.status).toBe(304);
  });

  it.each([
    "../app.db",
    "..%2F..%2Fapp.db",
    "../../../../etc/passwd",
    "..\\test.db",
    "0".repeat(64) + ".webp",
    "0".repeat(64) + ".png",
    "test.db",
    "",
  ])("404 for %j", async (name) => {
    const res = await callRoute(file.loader, {
      path: `/resources/uploads/${encodeURIComponent(name)}`,
      params: { file: name },
    });
    expect(res.status).toBe(404);
  });
});
