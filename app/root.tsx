import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ClientLoaderFunctionArgs,
} from "@remix-run/react";
import commonEn from "~/i18n/locales/en/common.json";
import commonZh from "~/i18n/locales/zh-CN/common.json";
import errorsEn from "~/i18n/locales/en/errors.json";
import errorsZh from "~/i18n/locales/zh-CN/errors.json";
import { pageTitle } from "~/utils/page-meta.ts";
import { errorKind } from "~/utils/error-kind.ts";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SiteFooter, SiteHeader } from "~/components/layout.tsx";
import { useAppLinkNavigation } from "~/components/app-link.tsx";
import { RouteAnnouncer } from "~/components/route-announcer.tsx";
import { useNonce } from "~/components/nonce.tsx";
import { headerUser } from "~/utils/header-user.server.ts";
import { siteFooter } from "~/models/site-footer.server.ts";
import { useRootData, type RootData } from "~/utils/root-data.ts";
import { useEarlyEditsRestored } from "~/utils/early-edits.ts";
import { isSharedRenderPage, viewerState } from "~/features/viewer-state.ts";
import appCss from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const user = context.user;
  return {
    locale: context.locale,
    user: user ? await headerUser(user) : null,
    shared: context.sharedRender,
    footer: await siteFooter(),
  } satisfies RootData;
}

/** Fills the header of a members' shared render with this member (see viewer-state.ts). */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  if (!data.shared) return data;
  const state = await viewerState();
  if (state.locale && state.locale !== data.locale && !sessionStorage.getItem("bee-locale-reload")) {
    // Their saved language differs from the one this browser's cookie asked for:
    // the state answer has set the cookie, so one reload shows the page in it.
    sessionStorage.setItem("bee-locale-reload", "1");
    window.location.reload();
  }
  return { ...data, user: state.user, shared: false };
}
clientLoader.hydrate = isSharedRenderPage();

/**
 * The title of an error page (a 404 had none: issue 12.3). Pages that render
 * normally set their own title in their meta; this one is used when the error
 * boundary renders, where no route's data exists.
 */
export const meta: MetaFunction<typeof loader> = ({ error, data }) => {
  if (!error) return [];
  const en = data?.locale === "en";
  const errors = en ? errorsEn : errorsZh;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = errorKind(status);
  return [
    { title: pageTitle(errors[kind].title, (en ? commonEn : commonZh).appName) },
    { name: "robots", content: "noindex" },
  ];
};

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRootData();
  const { t, i18n } = useTranslation();
  const lang = data?.locale ?? i18n.language ?? "zh-CN";
  useAppLinkNavigation();
  useEarlyEditsRestored();
  return (
    <html lang={lang} data-shared-render={data?.shared ? "" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {data?.shared ? (
          // A members' shared render without JavaScript cannot become this member's page:
          // the image clears the script's cookie, so the reload asked for is rendered for them.
          <noscript>
            <p className="warning">{t("sharedRenderNoScript")}</p>
            <img src="/resources/js-off" alt="" width={1} height={1} />
          </noscript>
        ) : null}
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="container">
        <Outlet />
      </main>
      <SiteFooter />
      <RouteAnnouncer />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="container">
        <GeneralErrorBoundary />
      </main>
    </>
  );
}
