import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, Trans, useTranslation } from "react-i18next";
import { describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { splitTagged, TaggedText } from "./tagged-text.tsx";

function Ours({ k, components }: { k: string; components: ReactElement[] }) {
  const { t } = useTranslation("discussion");
  return <TaggedText text={t(k)} components={components} />;
}

describe("TaggedText", () => {
  it("renders the same markup as react-i18next's Trans for the discussion's gate lines", () => {
    const gates: Array<[string, ReactElement[]]> = [
      ["gate.signIn", [<b key="l" data-to="/login?redirectTo=x" />, <i key="s" className="s" />]],
      ["gate.verify", [<b key="v" data-to="/verify-email" />]],
    ];
    for (const locale of ["zh-CN", "en"] as const) {
      const i18n = i18nFor(locale);
      for (const [key, components] of gates) {
        const render = (node: ReactElement) => renderToString(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
        const ours = render(<Ours k={key} components={components} />);
        expect(ours).toBe(render(<Trans i18nKey={`discussion:${key}`} components={components} />));
        expect(ours).toContain("</b>");
      }
    }
  });

  it("splits numbered tags, keeps text around them, and leaves other tags as written", () => {
    expect(splitTagged("<0>登录</0>或<1>注册</1>后")).toEqual([
      { index: 0, inner: "登录" },
      "或",
      { index: 1, inner: "注册" },
      "后",
    ]);
    expect(splitTagged("plain")).toEqual(["plain"]);
    expect(splitTagged("a <b>x</b> <0>y</1>")).toEqual(["a <b>x</b> <0>y</1>"]);
  });

  it("renders a tag without an element as its text", () => {
    expect(renderToString(<TaggedText text="a <3>b</3> c" components={[]} />)).toBe(
      renderToString(<>{["a ", "b", " c"]}</>),
    );
  });
});
