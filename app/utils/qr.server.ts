// QR codes for links to the site: the case page's share box (WeChat scans them from a
// screen or a printout) and the compendium's one per case use this one helper, so both
// encode a URL the same way. Generated on the server by the `qrcode` package: no
// outside service, no script.
// Loaded with the first case page or compendium, not with the server (issue 15.4).
const qrcode = async () => (await import("qrcode")).default;

// Medium error correction survives a slightly smudged printout; a quiet zone of four
// modules is what scanners expect.
const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** SVGs made lately, by URL: the case page's loader asks for the same few on every render (issue 15.2). */
const svgs = new Map<string, Promise<string>>();
const SVG_CACHE_ENTRIES = 500;

/** The QR code of `url` as an SVG document (scales without blur, for the page and vector printing). */
export function qrSvg(url: string): Promise<string> {
  let svg = svgs.get(url);
  if (svg) {
    // Most recently used last: the oldest entry is the first the map iterates.
    svgs.delete(url);
  } else {
    svg = qrcode().then((QRCode) => QRCode.toString(url, { ...OPTIONS, type: "svg" }));
    svg.catch(() => svgs.delete(url));
    if (svgs.size >= SVG_CACHE_ENTRIES) svgs.delete(svgs.keys().next().value!);
  }
  svgs.set(url, svg);
  return svg;
}

/** The QR code of `url` as a PNG, `size` pixels wide (600 prints sharply at about 5 cm). */
export async function qrPng(url: string, size = 600): Promise<Buffer> {
  return (await qrcode()).toBuffer(url, { ...OPTIONS, type: "png", width: size });
}
