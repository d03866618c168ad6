// GET /cases/<slug>/qr.png — the case's permalink as a QR code, downloaded for
// printouts (the case page shows the same code inline as SVG). An old slug
// redirects to the current one, like the page itself; only a case anyone may
// read has a code.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { findCaseBySlug, VISIBLE } from "~/models/case.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { qrPng } from "~/utils/qr.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = params.slug ? await findCaseBySlug(params.slug) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  if (found.redirectTo) throw redirect(`/cases/${found.redirectTo}/qr.png`, 301);
  const c = await prisma.caseStudy.findFirst({ where: { id: found.id, ...VISIBLE }, select: { slug: true } });
  if (!c) throw new Response("Not found", { status: 404 });
  const png = await qrPng(`${appOrigin()}/cases/${c.slug}`);
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": `attachment; filename="${c.slug}-qr.png"`,
      "Cache-Control": "public, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
