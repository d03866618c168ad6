// QR codes for sharing a page (WeChat scans them from a screen or a printout).
// Generated on the server by the `qrcode` package: no outside service, no script.
import QRCode from "qrcode";

// Medium error correction survives a slightly smudged printout; a quiet zone of
// four modules is what scanners expect.
const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** The QR code of `url` as an SVG document (scales without blur, for the page and vector printing). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTIONS, type: "svg" });
}

/** The QR code of `url` as a PNG, large enough to print sharply at about 5 cm. */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...OPTIONS, type: "png", width: 600 });
}
