// What the root route's loader gives every page (the language, the header's
// member, whether this is a members' shared render). Declared here rather than
// inferred from root.tsx so shared components can read it without importing the
// root module (which imports them: an import circle).
import { useRouteLoaderData } from "@remix-run/react";
import type { Locale } from "~/i18n/config.ts";
import type { headerUser } from "./header-user.server.ts";

export type HeaderUser = Awaited<ReturnType<typeof headerUser>>;

export interface RootData {
  locale: Locale;
  user: HeaderUser | null;
  /** A render shared by signed-in members (ADR 015): the header waits for the member (clientLoader). */
  shared: boolean;
  /** The footer's filing numbers, contact and policy links (app/models/site-footer.server.ts). */
  footer?: SiteFooterData;
}

export interface SiteFooterData {
  icp: string;
  police: string;
  contactEmail: string;
  aboutUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

export function useRootData(): RootData | undefined {
  return useRouteLoaderData("root") as RootData | undefined;
}
