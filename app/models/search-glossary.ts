// The domain glossary for cross-language search: how Chinese and English writers
// name the same practice of a foreign trade transformation and upgrading base.
// Each entry is one meaning; every term of an entry finds the others (直播 finds
// "live streaming" and back). The search engines only see groups of equivalent
// strings (IndexSchema.synonyms); which words mean the same is decided here.
//
// Rules for adding an entry:
// - one meaning per entry, words a reader would actually type in either language;
// - no words so general that they are in nearly every case (出口/export, 企业/enterprise,
//   发展/development): they would widen every query without changing its ranking;
// - English spelling variants (centre/center, digitisation/digitization) and the
//   plural when the text is likely to use it, since synonyms match whole words;
// - a term changes queries only: adding one needs no reindex.

export interface GlossaryEntry {
  zh: string[];
  en: string[];
}

export const SEARCH_GLOSSARY: GlossaryEntry[] = [
  // Bases, trade modes and policy
  {
    zh: ["外贸转型升级基地", "转型升级基地"],
    en: ["foreign trade transformation and upgrading base", "transformation and upgrading base"],
  },
  { zh: ["跨境电商", "跨境电子商务"], en: ["cross-border e-commerce", "cross-border ecommerce"] },
  { zh: ["电商", "电子商务"], en: ["e-commerce", "ecommerce"] },
  {
    zh: ["直播", "直播带货", "直播电商"],
    en: ["live stream", "live streams", "live streaming", "livestream", "livestreaming"],
  },
  { zh: ["独立站"], en: ["independent online store", "direct-to-consumer website"] },
  { zh: ["市场采购贸易"], en: ["market procurement trade"] },
  { zh: ["外贸综合服务"], en: ["integrated foreign trade services"] },
  { zh: ["一带一路"], en: ["belt and road"] },
  {
    zh: ["中欧班列"],
    en: ["china-europe railway express", "china-europe freight train", "china-europe freight trains"],
  },
  { zh: ["欧盟"], en: ["european union"] },
  { zh: ["海外营销"], en: ["overseas marketing"] },
  { zh: ["营销"], en: ["marketing"] },
  {
    zh: ["展会", "博览会", "交易会", "展览会"],
    en: ["trade fair", "trade fairs", "trade show", "trade shows", "exhibition", "exhibitions", "expo"],
  },
  { zh: ["报价"], en: ["quote", "quotes", "quotation", "quotations"] },
  { zh: ["样品"], en: ["samples"] },
  { zh: ["打样"], en: ["sampling", "sample making"] },
  { zh: ["贴牌", "代工"], en: ["oem"] },
  { zh: ["孵化器", "孵化"], en: ["incubator", "incubation"] },

  // Brands, standards, quality
  { zh: ["品牌"], en: ["brand", "brands", "branding"] },
  { zh: ["自主品牌"], en: ["own brand", "own brands", "own-brand"] },
  { zh: ["品牌建设"], en: ["brand building"] },
  { zh: ["标准"], en: ["standard", "standards"] },
  { zh: ["国际标准"], en: ["international standard", "international standards"] },
  { zh: ["团体标准"], en: ["group standard", "group standards"] },
  { zh: ["标准认证"], en: ["standards and certification"] },
  { zh: ["认证"], en: ["certification", "certifications", "certified"] },
  { zh: ["检测", "检验检测"], en: ["testing", "inspection"] },
  { zh: ["检测中心"], en: ["testing centre", "testing center", "test centre", "test center"] },
  { zh: ["检测认证"], en: ["testing and certification"] },
  { zh: ["检验检疫"], en: ["inspection and quarantine"] },
  { zh: ["质量"], en: ["quality"] },
  { zh: ["质量分级", "分级"], en: ["grading", "quality grading"] },
  { zh: ["追溯", "可追溯", "溯源"], en: ["traceability", "tracing", "traceable"] },
  { zh: ["原产地"], en: ["origin", "country of origin"] },
  { zh: ["合规"], en: ["compliance"] },
  { zh: ["注册"], en: ["registration"] },
  { zh: ["知识产权"], en: ["intellectual property"] },
  { zh: ["专利"], en: ["patent", "patents"] },
  { zh: ["商标"], en: ["trademark", "trademarks"] },
  { zh: ["食品安全"], en: ["food safety"] },
  { zh: ["农残", "农药残留"], en: ["pesticide residue", "pesticide residues"] },
  { zh: ["价格指数"], en: ["price index"] },

  // Shared services, digital, logistics
  { zh: ["公共服务平台"], en: ["public service platform", "shared service platform", "public service platforms"] },
  { zh: ["服务平台"], en: ["service platform", "service platforms"] },
  { zh: ["平台"], en: ["platform", "platforms"] },
  { zh: ["数字化"], en: ["digital", "digitalization", "digitalisation", "digitization", "digitisation"] },
  { zh: ["数字化转型"], en: ["digital transformation"] },
  { zh: ["产业集群", "集群"], en: ["industrial cluster", "industry cluster", "cluster", "clusters"] },
  { zh: ["产业带"], en: ["industrial belt"] },
  { zh: ["物流"], en: ["logistics"] },
  { zh: ["供应链"], en: ["supply chain", "supply chains"] },
  { zh: ["海外仓"], en: ["overseas warehouse", "overseas warehouses"] },
  {
    zh: ["公共海外仓"],
    en: [
      "public overseas warehouse",
      "shared overseas warehouse",
      "public overseas warehouses",
      "shared overseas warehouses",
    ],
  },
  { zh: ["仓储"], en: ["warehousing"] },
  { zh: ["冷链"], en: ["cold chain"] },
  { zh: ["报关", "通关"], en: ["customs clearance", "customs declaration"] },
  { zh: ["海关"], en: ["customs"] },
  { zh: ["危险品", "危化品", "危险货物"], en: ["hazardous goods", "dangerous goods", "hazmat"] },
  { zh: ["出口信用保险"], en: ["export credit insurance"] },
  { zh: ["融资"], en: ["financing"] },
  { zh: ["结算"], en: ["settlement"] },
  { zh: ["售后服务", "售后"], en: ["after-sales service", "after-sales"] },
  { zh: ["备件", "零部件"], en: ["spare parts"] },
  { zh: ["中试"], en: ["pilot plant", "pilot production"] },

  // People and skills
  { zh: ["人才"], en: ["talent"] },
  { zh: ["人才培养"], en: ["talent training", "talent development"] },
  { zh: ["培训"], en: ["training"] },
  { zh: ["职业教育", "职业院校"], en: ["vocational education", "vocational college", "vocational school"] },
  { zh: ["技师", "技术工人"], en: ["technician", "technicians"] },
  { zh: ["合作社"], en: ["cooperative", "cooperatives"] },

  // Green trade
  { zh: ["低碳"], en: ["low-carbon", "low carbon"] },
  { zh: ["碳足迹"], en: ["carbon footprint"] },
  { zh: ["可持续"], en: ["sustainable", "sustainability"] },

  // The eight industries and their products
  { zh: ["机电"], en: ["machinery and electrical", "mechanical and electrical"] },
  { zh: ["工程机械"], en: ["construction machinery"] },
  { zh: ["家电"], en: ["home appliances", "appliances"] },
  { zh: ["电动工具"], en: ["power tools"] },
  { zh: ["电动自行车"], en: ["e-bike", "e-bikes", "electric bicycle", "electric bicycles"] },
  { zh: ["摩托车"], en: ["motorcycle", "motorcycles"] },
  { zh: ["农产品"], en: ["agricultural products", "farm produce"] },
  { zh: ["种苗"], en: ["seedlings"] },
  { zh: ["茶叶"], en: ["tea"] },
  { zh: ["苹果"], en: ["apples"] },
  { zh: ["大米"], en: ["rice"] },
  { zh: ["速冻食品"], en: ["frozen food"] },
  { zh: ["轻工"], en: ["light industry"] },
  { zh: ["工艺品"], en: ["crafts", "handicrafts"] },
  { zh: ["灯饰", "灯具"], en: ["lighting"] },
  { zh: ["陶瓷"], en: ["ceramics", "ceramic", "porcelain"] },
  { zh: ["玩具"], en: ["toys"] },
  { zh: ["假发", "发制品"], en: ["wigs", "hair products"] },
  { zh: ["纺织"], en: ["textile", "textiles"] },
  { zh: ["服装"], en: ["apparel", "garments", "clothing"] },
  { zh: ["家纺"], en: ["home textiles"] },
  { zh: ["羊绒"], en: ["cashmere"] },
  { zh: ["地毯"], en: ["carpet", "carpets"] },
  { zh: ["鞋业", "鞋企"], en: ["footwear", "shoemakers"] },
  { zh: ["医药"], en: ["pharmaceutical", "pharmaceuticals"] },
  { zh: ["原料药"], en: ["active pharmaceutical ingredients"] },
  { zh: ["中药材"], en: ["chinese herbal medicine", "medicinal herbs"] },
  { zh: ["新材料", "新型材料"], en: ["new materials", "advanced materials"] },
  { zh: ["化学品"], en: ["chemicals"] },
  { zh: ["精细化工"], en: ["fine chemicals", "fine chemical"] },
  { zh: ["五金"], en: ["hardware"] },
  { zh: ["建材"], en: ["building materials"] },
  { zh: ["石材"], en: ["stone"] },
  { zh: ["卫浴", "水暖"], en: ["sanitary ware", "plumbing"] },
  { zh: ["耐火材料"], en: ["refractory", "refractories"] },
  { zh: ["丝网"], en: ["wire mesh"] },
];

/** The glossary as the search port takes it: groups of equivalent terms. */
export function glossarySynonyms(glossary: GlossaryEntry[] = SEARCH_GLOSSARY): string[][] {
  return glossary.map((e) => [...e.zh, ...e.en]);
}
