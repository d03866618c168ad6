// The Word compendium of a typical-case collection (汇编, ADR 025), built with
// `docx`: a cover, a table of contents (a TOC field Word/WPS fill in when the
// file opens: updateFields), one chapter per case — summary, the editor's note,
// the metrics table, each section with its headings, lists, tables and images
// (our uploads, converted from WebP to PNG, which Word reads) — and a QR code
// linking to the case online. Page headers carry the collection title, footers
// the page number. Staff edit the result in Word or WPS.
import type { JSONContent } from "@tiptap/core";
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import type { Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { SECTIONS } from "~/models/case-content.ts";
import type { CompendiumCase } from "~/models/collection.server.ts";
import { readUpload } from "~/models/upload.server.ts";
import { UPLOAD_URL_PREFIX } from "~/editor/urls.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { formatDate } from "~/utils/format.ts";
import { qrPng } from "~/utils/qr.server.ts";

/** Widest image on an A4 page with default margins, in pixels at 96 dpi. */
const MAX_IMAGE_WIDTH = 600;
const FONT = { ascii: "Times New Roman", eastAsia: "SimSun", hAnsi: "Times New Roman" };

export interface CompendiumInput {
  title: string;
  introduction: JSONContent;
  publishedAt: Date | null;
  slug: string;
  cases: CompendiumCase[];
  locale: Locale;
}

/** An upload as PNG with its size, or null when it is not one of ours or cannot be read. */
async function uploadAsPng(src: unknown): Promise<{ data: Buffer; width: number; height: number } | null> {
  if (typeof src !== "string" || !src.startsWith(UPLOAD_URL_PREFIX)) return null;
  const input = await readUpload(src.slice(UPLOAD_URL_PREFIX.length)).catch(() => null);
  if (!input) return null;
  try {
    const { default: sharp } = await import("sharp");
    const { data, info } = await sharp(input).png().toBuffer({ resolveWithObject: true });
    const scale = Math.min(1, MAX_IMAGE_WIDTH / info.width);
    return { data, width: Math.round(info.width * scale), height: Math.round(info.height * scale) };
  } catch {
    return null;
  }
}

function inline(nodes: JSONContent[] | undefined, style: { bold?: boolean; italics?: boolean } = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const n of nodes ?? []) {
    if (n.type === "hardBreak") {
      out.push(new TextRun({ text: "", break: 1 }));
      continue;
    }
    if (n.type !== "text" || !n.text) continue;
    const marks = new Set((n.marks ?? []).map((m) => m.type));
    const run = new TextRun({
      text: n.text,
      bold: style.bold || marks.has("bold"),
      italics: style.italics || marks.has("italic"),
      strike: marks.has("strike"),
      font: FONT,
    });
    const href = n.marks?.find((m) => m.type === "link")?.attrs?.href;
    if (typeof href === "string" && /^(https?:|mailto:)/.test(href))
      out.push(
        new ExternalHyperlink({
          link: href,
          children: [new TextRun({ text: n.text, style: "Hyperlink", font: FONT })],
        }),
      );
    else out.push(run);
  }
  return out;
}

const HEADINGS = [HeadingLevel.HEADING_3, HeadingLevel.HEADING_3, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];

/** A Tiptap document as Word blocks (case sections and the introduction). */
async function blocks(doc: JSONContent | null | undefined, depth = 0): Promise<Array<Paragraph | Table>> {
  const out: Array<Paragraph | Table> = [];
  for (const node of doc?.content ?? []) {
    switch (node.type) {
      case "paragraph":
        out.push(new Paragraph({ children: inline(node.content), spacing: { after: 120 } }));
        break;
      case "heading": {
        const level = Number(node.attrs?.level ?? 2);
        out.push(new Paragraph({ heading: HEADINGS[Math.min(level, 4) - 1], children: inline(node.content) }));
        break;
      }
      case "bulletList":
      case "orderedList": {
        let n = Number(node.attrs?.start ?? 1);
        for (const item of node.content ?? []) {
          const [first, ...rest] = item.content ?? [];
          const marker = node.type === "orderedList" ? `${n++}. ` : "• ";
          out.push(
            new Paragraph({
              indent: { left: 360 * (depth + 1), hanging: 360 },
              children: [new TextRun({ text: marker, font: FONT }), ...inline(first?.content)],
            }),
          );
          out.push(...(await blocks({ type: "doc", content: rest }, depth + 1)));
        }
        break;
      }
      case "blockquote":
        for (const b of await blocks(node, depth)) out.push(b);
        break;
      case "horizontalRule":
        out.push(
          new Paragraph({ text: "", border: { bottom: { style: "single", size: 6, color: "999999", space: 1 } } }),
        );
        break;
      case "image": {
        const img = await uploadAsPng(node.attrs?.src);
        if (img)
          out.push(
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [
                new ImageRun({
                  type: "png",
                  data: img.data,
                  transformation: { width: img.width, height: img.height },
                  altText: {
                    name: "image",
                    description: String(node.attrs?.alt ?? ""),
                    title: String(node.attrs?.title ?? ""),
                  },
                }),
              ],
            }),
          );
        if (node.attrs?.alt)
          out.push(
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: String(node.attrs.alt), italics: true, size: 18, font: FONT })],
            }),
          );
        break;
      }
      case "table": {
        const rows = (node.content ?? []).map(
          (row) =>
            new TableRow({
              children: (row.content ?? []).map(
                (cell) =>
                  new TableCell({
                    children: (cell.content ?? []).map(
                      (p) => new Paragraph({ children: inline(p.content, { bold: cell.type === "tableHeader" }) }),
                    ),
                  }),
              ),
            }),
        );
        if (rows.length) out.push(new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }));
        break;
      }
      default:
        if (node.content) out.push(...(await blocks(node, depth)));
    }
  }
  return out;
}

function cell(text: string, bold = false) {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: FONT })] })] });
}

/** The .docx file of a collection in one language. */
export async function buildCompendiumDocx(input: CompendiumInput): Promise<Buffer> {
  const t = tFor(input.locale);
  const origin = appOrigin();
  const children: Array<Paragraph | Table | TableOfContents> = [];

  // Cover.
  children.push(
    new Paragraph({ text: "", spacing: { before: 2400 } }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      heading: HeadingLevel.TITLE,
      children: [new TextRun({ text: input.title, bold: true, size: 44, font: FONT })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 600 },
      children: [
        new TextRun({
          text: t("collections:compendium.subtitle", { count: input.cases.length }),
          size: 28,
          font: FONT,
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 1200 },
      children: [
        new TextRun({ text: t("common:appName"), size: 24, font: FONT }),
        ...(input.publishedAt
          ? [
              new TextRun({
                text: formatDate(input.publishedAt, input.locale, "long-date"),
                size: 24,
                break: 1,
                font: FONT,
              }),
            ]
          : []),
      ],
    }),
  );

  // Table of contents: a field; Word and WPS fill it in on opening (updateFields below).
  children.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [new TextRun({ text: t("collections:compendium.toc"), font: FONT })],
    }),
    new TableOfContents(t("collections:compendium.toc"), { hyperlink: true, headingStyleRange: "1-2" }),
  );

  // Introduction.
  children.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [new TextRun({ text: t("collections:compendium.introduction"), font: FONT })],
    }),
    ...(await blocks(input.introduction)),
  );

  // One chapter per case.
  for (const [index, c] of input.cases.entries()) {
    const url = `${origin}/cases/${encodeURIComponent(c.slug)}`;
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        children: [
          new TextRun({ text: t("collections:compendium.chapter", { n: index + 1, title: c.title }), font: FONT }),
        ],
      }),
      new Paragraph({
        children: [
          new TextRun({
            text: [
              c.baseName,
              c.province ? t(`bases:provinces.${c.province}`) : "",
              c.industry ? t(`bases:industries.${c.industry}`) : "",
            ]
              .filter(Boolean)
              .join(" · "),
            italics: true,
            font: FONT,
          }),
        ],
      }),
    );
    if (!c.translated)
      children.push(
        new Paragraph({
          children: [new TextRun({ text: t("collections:compendium.untranslated"), italics: true, font: FONT })],
        }),
      );
    if (c.summary)
      children.push(
        new Paragraph({
          children: [new TextRun({ text: c.summary, bold: true, font: FONT })],
          spacing: { after: 200 },
        }),
      );
    if (c.note)
      children.push(
        new Paragraph({
          border: { left: { style: "single", size: 12, color: "C00000", space: 8 } },
          children: [
            new TextRun({ text: `${t("collections:editorNote")} `, bold: true, font: FONT }),
            new TextRun({ text: c.note, font: FONT }),
          ],
        }),
      );
    if (c.content.metrics.length) {
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun({ text: t("cases:metrics.title"), font: FONT })],
        }),
      );
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: [
                cell(t("cases:form.metricLabel"), true),
                cell(t("cases:metrics.before"), true),
                cell(t("cases:metrics.after"), true),
                cell(t("cases:form.metricUnit"), true),
              ],
            }),
            ...c.content.metrics.map(
              (m) => new TableRow({ children: [cell(m.label), cell(m.before), cell(m.after), cell(m.unit)] }),
            ),
          ],
        }),
      );
    }
    for (const s of SECTIONS) {
      const doc = c.content.sections[s] as JSONContent | null;
      if (!doc?.content?.length) continue;
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun({ text: t(`cases:sections.${s}`), font: FONT })],
        }),
      );
      children.push(...(await blocks(doc)));
    }
    const qr = await qrPng(url, 240);
    children.push(
      new Paragraph({
        spacing: { before: 300 },
        children: [
          new ImageRun({
            type: "png",
            data: qr,
            transformation: { width: 96, height: 96 },
            altText: { name: "QR", description: url, title: "QR" },
          }),
        ],
      }),
      new Paragraph({
        children: [
          new TextRun({ text: `${t("collections:compendium.online")} `, size: 18, font: FONT }),
          new ExternalHyperlink({ link: url, children: [new TextRun({ text: url, style: "Hyperlink", size: 18 })] }),
        ],
      }),
    );
  }

  const doc = new Document({
    creator: t("common:appName"),
    title: input.title,
    features: { updateFields: true },
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 } } }, // A4 in twips
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ text: input.title, size: 18, font: FONT })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: 18 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
