// Documents and schema for the engine contract suite (domain-free on purpose).
import type { IndexSchema, SearchDocument } from "./port.ts";

export const contractSchema: IndexSchema = {
  name: "contract",
  searchable: ["title", "summary", "topics", "body"],
  facets: ["topic", "industry", "province", "base", "stage"],
  sortables: ["publishedAt", "helpful"],
  highlight: ["title", "summary"],
  snippet: ["body"],
  dictionary: ["外贸转型升级基地", "跨境电商", "数字化转型"],
  synonyms: [
    ["冷链", "cold chain"],
    ["直播", "live streaming", "live stream"],
  ],
};

const day = 86_400_000;
const t0 = Date.UTC(2025, 0, 1);

function doc(n: number, f: Partial<Record<string, string | string[] | number>>): SearchDocument {
  return {
    id: `doc-${n}`,
    kind: "case",
    fields: {
      title: "",
      summary: "",
      topics: [],
      body: "",
      topic: [],
      industry: "机电",
      province: "浙江",
      base: `base-${n}`,
      stage: "mature",
      publishedAt: t0 + n * day,
      helpful: n,
      ...f,
    },
  };
}

export const contractDocs: SearchDocument[] = [
  // Ranking: the same word in title, summary, topics, body.
  doc(1, {
    title: "Bonded warehouse pilot",
    summary: "A pilot project",
    body: "Text about ports.",
    industry: "机电",
    province: "浙江",
    topic: ["logistics"],
    helpful: 5,
  }),
  doc(2, {
    title: "Export service centre",
    summary: "A bonded warehouse serves exporters",
    body: "Other text.",
    industry: "纺织服装",
    province: "浙江",
    topic: ["logistics", "services"],
    helpful: 50,
  }),
  doc(3, {
    title: "Regional cooperation",
    summary: "Shared services",
    topics: ["warehouse"],
    body: "Other words.",
    industry: "纺织服装",
    province: "江苏",
    topic: ["services"],
    helpful: 1,
  }),
  doc(4, {
    title: "Training programme",
    summary: "Skills for staff",
    body: "The team also rented a warehouse near the port.",
    industry: "医药",
    province: "江苏",
    topic: ["talent"],
    helpful: 20,
  }),
  // Chinese: two-character words, words inside compounds, mixed with English.
  doc(5, {
    title: "义乌跨境电商品牌建设",
    summary: "外贸转型升级基地推动企业出海",
    body: "通过跨境电商平台，基地企业建立自主品牌，海外仓物流降低成本。",
    industry: "轻工工艺",
    province: "浙江",
    topic: ["branding", "ecommerce"],
    helpful: 30,
  }),
  doc(6, {
    title: "数字化转型助力纺织产业集群",
    summary: "公共服务平台提供检测认证",
    body: "Factories adopted digital tools; 数字化转型 raised export orders.",
    industry: "纺织服装",
    province: "江苏",
    topic: ["digitization"],
    helpful: 8,
  }),
  doc(7, {
    title: "Cross-border e-commerce for ceramics",
    summary: "跨境电商 export channels for small firms",
    body: "Cargo flights and sea freight.",
    industry: "轻工工艺",
    province: "江西",
    topic: ["ecommerce"],
    helpful: 12,
  }),
  // Typo rule material: 4-letter "fish", 5-letter "cargo" (doc 7 body too), 9-letter "logistics".
  doc(8, {
    title: "Fish processing cluster",
    summary: "Cold chain logistics for seafood",
    body: "Fish farms and cold storage.",
    industry: "农产品",
    province: "福建",
    topic: ["logistics"],
    helpful: 3,
  }),
  // Synonyms: Chinese only, found by the English names of its practices (and doc 8 by 冷链).
  doc(10, {
    title: "速冻水饺直播带货出口",
    summary: "中欧班列冷链专列运输",
    body: "工厂直播间面向海外经销商。",
    industry: "农产品",
    province: "河南",
    topic: ["ecommerce"],
    helpful: 4,
  }),
  // Escaping.
  doc(9, {
    title: "<img src=x onerror=alert(1)> standards lab",
    summary: "Testing & certification <b>centre</b>",
    body: "Standards work.",
    industry: "新型材料",
    province: "广东",
    topic: ["standards"],
    helpful: 0,
  }),
];
