// Evidence on an affiliation request (issue 12.9, ADR 044) through the routes: a
// member attaches a PDF or a photo; the type is judged by the bytes, the size is
// capped; the file is stored privately and handed out only to the member who
// filed the request and to reviewers (moderator, ministry, admin) — every other
// role is refused on the server; it goes with the member's data export and
// account deletion.
import fs from "node:fs";
import sharp from "sharp";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import * as affiliation from "~/routes/affiliation/route.tsx";
import * as evidenceRoute from "~/routes/affiliation_.evidence.$id/route.tsx";
import * as queue from "~/routes/admin.affiliations/route.tsx";
import { evidencePath, MAX_EVIDENCE_BYTES } from "~/models/affiliation-evidence.server.ts";
import { fileStorage } from "~/utils/file-storage.server.ts";
import { deleteAccount, exportAccountZip } from "~/models/account-privacy.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { callRoute, type RouteResult } from "../helpers/route.ts";
import { cookieFor, createTestUser, TEST_PASSWORD } from "../helpers/users.ts";
import { createTestBase } from "../helpers/bases.ts";
import { readStored, storedNames } from "../helpers/stored-files.ts";

type Role = "member" | "moderator" | "ministry" | "admin";
let base: Awaited<ReturnType<typeof createTestBase>>;
const staff = {} as Record<Exclude<Role, "member">, { id: string; cookie: string }>;

async function person(role: Role = "member") {
  const u = await createTestUser({ role });
  return { ...u, cookie: await cookieFor(u.id) };
}

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

function post(cookie: string, file?: { bytes: Uint8Array<ArrayBuffer>; name: string; type?: string }) {
  const form = new FormData();
  form.append("base", base.slug);
  form.append("message", "Director of the base's service centre");
  if (file) form.append("evidence", new File([file.bytes], file.name, { type: file.type ?? "application/pdf" }));
  else form.append("evidence", new File([], "", { type: "application/octet-stream" }));
  return callRoute(affiliation.action, { path: "/affiliation", cookie, form });
}

function download(cookie: string | undefined, id: string) {
  return callRoute(evidenceRoute.loader, { path: `/affiliation/evidence/${id}`, params: { id }, cookie });
}

const fieldErrors = (res: RouteResult): string[] => res.data?.result?.error?.evidence ?? [];

async function latestRequest(userId: string) {
  return prisma.affiliationRequest.findFirst({ where: { userId }, orderBy: { createdAt: "desc" } });
}

beforeAll(async () => {
  base = await createTestBase();
  staff.moderator = await person("moderator");
  staff.ministry = await person("ministry");
  staff.admin = await person("admin");
});

describe("attaching evidence", () => {
  it("a PDF is stored privately as sent; its name is kept; the request works without one too", async () => {
    const m = await person();
    const res = await post(m.cookie, { bytes: PDF, name: "基地证明信.pdf" });
    expect(res.status).toBe(302);
    const row = (await latestRequest(m.id))!;
    expect(row.evidenceName).toBe("基地证明信.pdf");
    expect(row.evidenceKey).toMatch(/^[0-9a-f]{64}\.pdf$/);
    expect(await readStored("evidence", row.evidenceKey!)).toEqual(Buffer.from(PDF));
    if (fileStorage().kind === "local") {
      // Not in the public uploads folder, not readable by other users of the machine
      // (in the database storage it is a row the app alone reads).
      const stored = evidencePath(row.evidenceKey)!;
      expect(stored).toContain("/evidence/");
      expect(fs.statSync(stored).mode & 0o077).toBe(0);
    }

    const without = await person();
    expect((await post(without.cookie)).status).toBe(302);
    const plain = (await latestRequest(without.id))!;
    expect([plain.evidenceKey, plain.evidenceName]).toEqual([null, null]);
  });

  it("a photo is re-encoded (WebP, metadata gone) whatever its name says", async () => {
    const m = await person();
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
      .withMetadata({ exif: { IFD0: { Copyright: "secret-location" } } })
      .jpeg()
      .toBuffer();
    expect(jpeg.includes(Buffer.from("secret-location"))).toBe(true);
    expect((await post(m.cookie, { bytes: jpeg, name: "badge.PDF", type: "application/pdf" })).status).toBe(302);
    const row = (await latestRequest(m.id))!;
    expect(row.evidenceName).toBe("badge.webp");
    const stored = (await readStored("evidence", row.evidenceKey!))!;
    expect((await sharp(stored).metadata()).format).toBe("webp");
    expect(stored.includes(Buffer.from("secret-location"))).toBe(false);
  });

  it("refuses other types and files over the limit; nothing is filed and no file is left", async () => {
    const m = await person();
    const stored = async () => (await storedNames("evidence")).length;
    const before = await stored();
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const bad = await post(m.cookie, { bytes: html, name: "letter.pdf" });
    expect(bad.status).toBe(400);
    expect(fieldErrors(bad)).toEqual(["bases:errors.evidence-badType"]);

    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(PDF);
    const tooLarge = await post(m.cookie, { bytes: big, name: "scan.pdf" });
    expect(tooLarge.status).toBe(413);
    expect(fieldErrors(tooLarge)).toEqual(["bases:errors.evidence-tooLarge"]);

    expect(await latestRequest(m.id)).toBeNull();
    expect(await stored()).toBe(before);
  });

  it("a refused request (one is already pending) leaves no file behind", async () => {
    const m = await person();
    expect((await post(m.cookie, { bytes: PDF, name: "first.pdf" })).status).toBe(302);
    const count = (await storedNames("evidence")).length;
    expect(count).toBeGreaterThan(0);
    expect((await post(m.cookie, { bytes: PDF, name: "second.pdf" })).status).toBe(409);
    expect(await storedNames("evidence")).toHaveLength(count);
  });
});

describe("who may open the evidence", () => {
  it("the requester and every reviewer role; other members and visitors are refused", async () => {
    const m = await person();
    await post(m.cookie, { bytes: PDF, name: "任命文件.pdf" });
    const row = (await latestRequest(m.id))!;

    const own = await download(m.cookie, row.id);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("application/pdf");
    expect(own.headers.get("content-disposition")).toMatch(/^attachment; .*filename\*=UTF-8''%E4%BB%BB/);
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(own.headers.get("content-security-policy")).toContain("sandbox");
    expect(own.headers.get("cache-control")).toBe("private, no-store");

    for (const role of ["moderator", "ministry", "admin"] as const) {
      expect((await download(staff[role].cookie, row.id)).status, role).toBe(200);
    }
    const other = await person();
    expect((await download(other.cookie, row.id)).status).toBe(404);
    const anonymous = await download(undefined, row.id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    // A request without evidence, or no request at all: the same 404.
    expect((await download(staff.admin.cookie, "no-such-request")).status).toBe(404);

    // Reviewers still have it after deciding; the member sees it on their own page.
    const reviewed = await callRoute(queue.action, {
      path: "/admin/affiliations",
      cookie: staff.moderator.cookie,
      form: { requestId: row.id, intent: "approve" },
    });
    expect(reviewed.status).toBe(302);
    expect((await download(staff.admin.cookie, row.id)).status).toBe(200);
    const page = await callRoute(affiliation.loader, { path: "/affiliation", cookie: m.cookie });
    expect(page.data.state.requests[0].evidenceName).toBe("任命文件.pdf");
  });

  it("reviewers see the evidence's name in the queue", async () => {
    const m = await person();
    await post(m.cookie, { bytes: PDF, name: "letter.pdf" });
    const res = await callRoute(queue.loader, { path: "/admin/affiliations", cookie: staff.ministry.cookie });
    const mine = res.data.rows.find((r: { user: { id: string } }) => r.user.id === m.id);
    expect(mine.evidenceName).toBe("letter.pdf");
    const asMember = await callRoute(queue.loader, { path: "/admin/affiliations", cookie: m.cookie });
    expect(asMember.status).toBe(403);
  });
});

describe("the member's own data", () => {
  it("the export carries the file; deleting the account deletes it", async () => {
    const m = await person();
    await post(m.cookie, { bytes: PDF, name: "letter.pdf" });
    const row = (await latestRequest(m.id))!;
    const files = unzipSync((await exportAccountZip(m.id))!);
    expect(Buffer.from(files[`evidence/${row.id}-letter.pdf`]!)).toEqual(Buffer.from(PDF));
    const listed = JSON.parse(new TextDecoder().decode(files["affiliation-requests.json"]!));
    expect(listed[0].evidenceName).toBe("letter.pdf");
    expect(JSON.stringify(listed)).not.toContain(row.evidenceKey!);

    expect(await readStored("evidence", row.evidenceKey!)).not.toBeNull();
    expect(await deleteAccount(m.id, TEST_PASSWORD)).toBe("deleted");
    expect(await readStored("evidence", row.evidenceKey!)).toBeNull();
  });
});
