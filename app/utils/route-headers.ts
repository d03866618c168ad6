// With single fetch, a document response keeps only the Set-Cookie headers a
// loader or action returned unless the route exports `headers`. This passes on
// the ones that must reach the browser too: a 429's Retry-After (issue 10.5) and
// a page's own Referrer-Policy.
import type { HeadersFunction } from "@remix-run/node";

export function passHeaders(...names: string[]): HeadersFunction {
  return ({ actionHeaders, loaderHeaders, errorHeaders }) => {
    const out = new Headers();
    // An action's answer wins over the loader's revalidation that follows it.
    for (const source of [loaderHeaders, errorHeaders, actionHeaders]) {
      for (const name of names) {
        const value = source?.get(name);
        if (value) out.set(name, value);
      }
    }
    return out;
  };
}

/** The `headers` export of a page whose forms or loader may answer 429. */
export const retryAfterHeaders = passHeaders("Retry-After");
