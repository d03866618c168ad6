// QR codes for links to the site: the compendium prints one per case, and the
// case page's share QR uses the same helper, so both encode a URL the same way.
// Generated locally (no request to an outside host).
import QRCode from "qrcode";

const OPTIONS = { errorCorrectionLevel: "M" as const, margin: 1 };

/** A PNG of the QR code of `url`, `size` pixels wide. */
export function qrPng(url: string, size = 240): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...OPTIONS, type: "png", width: size });
}

/** An SVG of the QR code of `url` (for HTML pages and print). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTIONS, type: "svg" });
}
