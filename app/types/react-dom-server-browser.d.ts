// @types/react-dom types `react-dom/server` with both renderers but has no entry
// for the web-streams build that app/entry.server.tsx imports by path (ADR 020).
declare module "react-dom/server.browser" {
  export { renderToReadableStream, type RenderToReadableStreamOptions } from "react-dom/server";
}
