import { AppLink } from "~/components/app-link.tsx";
import { useTranslation } from "react-i18next";

interface Props {
  base: {
    slug: string;
    nameZh: string;
    nameEn: string;
    industry: string;
    province: string;
    cityZh: string;
    cityEn: string;
    isDemo: boolean;
  };
}

export function BaseCardView({ base }: Props) {
  const { t, i18n } = useTranslation("bases");
  const en = i18n.language === "en";
  return (
    <article className="card">
      <h3>
        <AppLink to={`/bases/${base.slug}`}>{en ? base.nameEn : base.nameZh}</AppLink>
      </h3>
      <p className="meta" lang={en ? "zh-CN" : "en"}>
        {en ? base.nameZh : base.nameEn}
      </p>
      <p className="meta">
        <span className="tag">{t(`industries.${base.industry}`)}</span>
        {t(`provinces.${base.province}`)} · {en ? base.cityEn : base.cityZh}
        {base.isDemo ? <span className="tag tag-demo"> {t("common:demo")}</span> : null}
      </p>
    </article>
  );
}
