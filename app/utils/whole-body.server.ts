// A response whose whole body is already in memory (a rendered document, ADR 060), marked so
// the Express side (server/remix-handler.ts) sends it with one res.end(buffer): compressed in
// one go, with a Content-Length, without reading it back through the Response's web stream.
// The mark is a registered symbol because the server and the Remix build are separate bundles.
// A response rebuilt on the way (Remix answers HEAD with a new one) loses the mark and is sent
// from its stream as before.
export const WHOLE_BODY = Symbol.for("bee.wholeBody");

export function wholeBodyResponse(body: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(body, init);
  Object.defineProperty(response, WHOLE_BODY, { value: body });
  return response;
}

/** The body of a response made by wholeBodyResponse, or null. */
export function wholeBodyOf(response: Response): Uint8Array | null {
  const body = (response as unknown as Record<symbol, unknown>)[WHOLE_BODY];
  return body instanceof Uint8Array ? body : null;
}
