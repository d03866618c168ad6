// The case's link-preview image (og:image, 1200×630 PNG), drawn here from an SVG
// with sharp (librsvg + fontconfig) — no outside service. Text needs a font that
// has its characters: Chinese titles need Debian's fonts-noto-cjk (README,
// docs/operations.md). Without one, librsvg would draw empty boxes ("tofu"), so
// the image is then text-free: the site's colours and a bar motif only.
import { execFileSync } from "node:child_process";

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

export interface FontSupport {
  cjk: boolean;
  latin: boolean;
}

let detected: FontSupport | null = null;

/** Which scripts the installed fonts cover, asked of fontconfig once per process. */
export function fontSupport(): FontSupport {
  if (detected) return detected;
  const families = (lang: string) => {
    try {
      return execFileSync("fc-list", [`:lang=${lang}`, "family"], { encoding: "utf8", timeout: 3000 }).trim();
    } catch {
      return "";
    }
  };
  detected = { cjk: families("zh-cn").length > 0, latin: families("en").length > 0 };
  return detected;
}

/** For tests: pretend other fonts are installed. */
export function setFontSupportForTests(value: FontSupport | null) {
  detected = value;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

export function needsCjkFont(text: string): boolean {
  return CJK.test(text);
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

/** Display width in "em halves": CJK characters are twice as wide as Latin ones. */
const width = (ch: string) => (CJK.test(ch) ? 2 : 1);

/**
 * Breaks text into at most `maxLines` lines of `maxUnits` half-ems: Latin text at
 * spaces, CJK anywhere; the last line ends in "…" when text is cut.
 */
export function wrapText(text: string, maxUnits: number, maxLines: number): string[] {
  const tokens = text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|\S+|\s+/g) ?? [];
  const lines: string[] = [];
  let line = "";
  let used = 0;
  for (const token of tokens) {
    if (/^\s+$/.test(token)) {
      if (line) {
        line += " ";
        used += 1;
      }
      continue;
    }
    const w = [...token].reduce((n, ch) => n + width(ch), 0);
    if (used + w > maxUnits && line.trim()) {
      lines.push(line.trimEnd());
      line = "";
      used = 0;
    }
    if (w > maxUnits) {
      // One word longer than a line: cut it.
      for (const ch of token) {
        if (used + width(ch) > maxUnits) {
          lines.push(line);
          line = "";
          used = 0;
        }
        line += ch;
        used += width(ch);
      }
    } else {
      line += token;
      used += w;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${[...kept[maxLines - 1]!].slice(0, -1).join("")}…`;
    return kept;
  }
  return lines;
}

export interface OgText {
  title: string;
  siteName: string;
  baseName: string | null;
}

/** The SVG: with text when a font covers it, else text-free. `withText` says which was drawn. */
export function ogSvg(text: OgText, fonts: FontSupport): { svg: string; withText: boolean } {
  const all = `${text.title}${text.siteName}${text.baseName ?? ""}`;
  const withText = needsCjkFont(all) ? fonts.cjk : fonts.latin;
  const family = "'Noto Sans CJK SC', 'Noto Sans SC', 'DejaVu Sans', sans-serif";
  const bars = [180, 260, 220, 340, 300, 420]
    .map(
      (h, i) =>
        `<rect x="${840 + i * 52}" y="${560 - h}" width="36" height="${h}" rx="4" fill="#ffffff" opacity="${0.18 + i * 0.1}"/>`,
    )
    .join("");
  const frame = `<rect width="${OG_WIDTH}" height="${OG_HEIGHT}" fill="#0b4f8a"/><rect y="${OG_HEIGHT - 12}" width="${OG_WIDTH}" height="12" fill="#d4a017"/>${bars}`;
  if (!withText) {
    return {
      svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}">${frame}</svg>`,
      withText,
    };
  }
  const lines = wrapText(text.title, 30, 4);
  const title = lines
    .map(
      (l, i) =>
        `<text x="72" y="${200 + i * 76}" font-size="60" font-weight="700" fill="#ffffff">${escapeXml(l)}</text>`,
    )
    .join("");
  const base = text.baseName
    ? `<text x="72" y="${200 + lines.length * 76 + 30}" font-size="34" fill="#dbe8f5">${escapeXml(text.baseName)}</text>`
    : "";
  const site = `<text x="72" y="100" font-size="32" fill="#f3d27a">${escapeXml(text.siteName)}</text>`;
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" font-family="${family}">${frame}${site}${title}${base}</svg>`,
    withText,
  };
}

export async function renderOgPng(text: OgText, fonts: FontSupport = fontSupport()) {
  const { svg, withText } = ogSvg(text, fonts);
  const { default: sharp } = await import("sharp"); // with the first image, not the server (issue 15.4)
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
  return { png, withText };
}
