// GET /resources/base-search?q=…: bases matching what was typed (Chinese,
// English, pinyin), for the affiliation form's combobox. Public data; JSON.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchBasesToPick } from "~/models/base-picker.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const en = context.locale === "en";
  const bases = (await searchBasesToPick(q)).map((b) => ({
    slug: b.slug,
    name: en ? b.nameEn : b.nameZh,
    otherName: en ? b.nameZh : b.nameEn,
    city: en ? b.cityEn : b.cityZh,
  }));
  return Response.json({ bases }, { headers: { "Cache-Control": "private, max-age=60" } });
}
