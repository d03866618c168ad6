// Vite (the Remix plugin's inner dev server, which is not in middleware mode) adds
// SIGTERM and stdin-"end" listeners that call process.exit() as soon as Vite has
// closed itself: a graceful stop would be cut off with its requests in flight.
// Loading the dev build through this removes the listeners Vite added meanwhile,
// so the process stops on its own terms (server/serve.ts's stop()).

export async function withoutViteExits<T>(load: () => Promise<T>): Promise<T> {
  const sigterm = new Set(process.listeners("SIGTERM"));
  const stdinEnd = new Set(process.stdin.listeners("end"));
  try {
    return await load();
  } finally {
    for (const l of process.listeners("SIGTERM")) if (!sigterm.has(l)) process.off("SIGTERM", l);
    for (const l of process.stdin.listeners("end")) if (!stdinEnd.has(l)) process.stdin.off("end", l as () => void);
  }
}
