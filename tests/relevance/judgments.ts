// The search relevance set: queries as readers type them on /search, each with
// graded judgments of the demo case studies (prisma/demo-cases.ts), identified
// by their stable demo key.
//
// Grades: 3 = the case is about this, 2 = substantially relevant, 1 = mentions
// it (in a way a reader would want to see it); unjudged = 0. Judged by reading
// the cases (title, summary, sections, topics, base), never from engine output.
// A case counts whatever language it is written in: an English case about
// live-stream selling is relevant to 直播. Queries with filters judge only cases
// that pass the filter (the reader asked for nothing else).
import type { Facet } from "~/models/search-params.ts";

export type Category =
  | "zh-word" // Chinese two-character words
  | "zh-inside" // a word inside a longer compound
  | "zh-compound" // long Chinese compounds and domain terms
  | "en-word" // English words
  | "en-phrase" // English phrases
  | "typo" // Latin typos within Meilisearch's rule (1 from 5 letters, 2 from 9)
  | "mixed" // Chinese and English in one query
  | "filter" // a query with facet filters
  | "cross-language" // one language's name for a practice whose cases are all written in the other
  // Issue 13 (cases in fixture-cases.ts added for them):
  | "place" // a province (zh, en, pinyin) or a city typed as text
  | "base-name" // a base's name or its distinctive part (city + product), zh or en
  | "same-language" // a practice with answers in both languages: the query's language first
  | "partial" // 3–5 words, one of which no relevant case contains
  | "mixed-acronym"; // Chinese words with an English acronym (ERP, SaaS, RCEP, B2B)

export interface Judgment {
  q: string;
  category: Category;
  /** What the query tests. */
  tests: string;
  filters?: Partial<Record<Facet, string[]>>;
  /** demo key -> grade. */
  rel: Record<string, 1 | 2 | 3>;
  /**
   * Held out (a third of the issue-13 classes, every third query of each class, chosen
   * when they were written): scored and reported, never looked at while tuning ranking.
   */
  heldOut?: true;
}

// Demo keys, short names.
const yiwuWarehouses = "yiwu-public-overseas-warehouses";
const yiwuOrders = "yiwu-merchant-digital-orders";
const changsha = "changsha-overseas-service-network";
const wuhan = "wuhan-optical-standards";
const shouguang = "shouguang-seedling-know-how";
const puer = "puer-tea-cross-border-pilot";
const zhengzhou = "zhengzhou-frozen-food-cold-chain";
const jinjiang = "jinjiang-digital-sampling";
const guzhen = "guzhen-lighting-testing-centre";
const changshu = "changshu-apparel-ecommerce-park";
const qinghe = "qinghe-cashmere-traceability";
const taizhou = "taizhou-international-registration";
const anguo = "anguo-herb-traceability";
const zibo = "zibo-materials-pilot-plant";
const shangyu = "shangyu-reach-consortium";
const nanan = "nanan-plumbing-certification";
const yunfu = "yunfu-stone-cnc-talent";
const shunde = "shunde-appliance-brand-incubator";
const tianjin = "tianjin-ebike-testing-centre";
const chongqing = "chongqing-overseas-technicians";
const yantai = "yantai-apple-grading-cold-chain";
const ningxia = "ningxia-goji-quality-standard";
const wuchang = "wuchang-rice-origin-tracing";
const zunyi = "zunyi-chili-price-index";
const dehua = "dehua-ceramic-design-talent";
const xuchang = "xuchang-hair-livestream-exports";
const shantou = "shantou-toy-compliance";
const nantong = "nantong-textile-design-registry";
const xining = "xining-carpet-weaving-cooperatives";
const lianyungang = "lianyungang-regulatory-affairs-talent";
const yingkou = "yingkou-refractory-service-contracts";
const taixing = "taixing-hazmat-logistics-platform";
const yongkang = "yongkang-tool-overseas-warehouses";
const anping = "anping-wire-mesh-online-quotes";
// The relevance fixtures (tests/relevance/fixture-cases.ts).
const korlaCold = "korla-pear-cold-chain"; // en, Xinjiang
const korlaRail = "korla-pear-rail-customs"; // zh, Xinjiang
const haikou = "haikou-fruit-testing-platform"; // en, Hainan
const dingxi = "dingxi-potato-certification"; // zh, Gansu
const jingdezhen = "jingdezhen-ceramics-saas-erp"; // zh, Jiangxi
const wuhu = "wuhu-auto-parts-rcep"; // zh, Anhui
const zigong = "zigong-lanterns-b2b-showroom"; // en, Sichuan
const wuzhou = "wuzhou-gemstones-b2b-platform"; // zh, Guangxi
const puerCoffee = "puer-coffee-traceability"; // en, Yunnan (the Pu'er tea base)

// Shared judgments of a concept asked in several forms.
const BRAND = {
  [shunde]: 3, // OEM to own brands, trademarks abroad
  [wuchang]: 3, // brand protection of a regional name
  [changshu]: 2, // 从档口批发到品牌直营
  [puer]: 2, // products and story for foreign consumers (topic: branding)
  [nanan]: 2, // certified firms enter retail under their own brands
  [yantai]: 2, // a common regional mark for graded fruit
  [qinghe]: 1, // sells to European brands
  [shouguang]: 1, // topic branding; "寿光种植方案"
  [ningxia]: 1, // regional mark suspended for failures
  [dehua]: 1, // design for new export lines
  [nantong]: 1, // design as something mills charge for
  [yingkou]: 1, // topic branding
  [yongkang]: 1, // own-brand tools online
  [dingxi]: 1, // graded pricing; topic branding
  [korlaCold]: 1, // topic branding; growers paid more
  [zigong]: 1, // topic branding
  [puerCoffee]: 1, // premium traceable lots
} as const;
const LOGISTICS = {
  [yiwuWarehouses]: 3, // 物流成本 via public overseas warehouses
  [zhengzhou]: 3, // cold-chain trains to Europe
  [taixing]: 3, // hazardous-goods logistics platform
  [yongkang]: 3, // shared overseas warehouses, delivery to retailers
  [changsha]: 2, // spare-parts centres abroad
  [yantai]: 2, // shared cold chain, reefer containers
  [puer]: 1, // stock in overseas warehouses
  [changshu]: 1, // overseas warehouses and returns
  [yiwuOrders]: 1, // 拼柜, 货代
  [xuchang]: 1, // returns to partner warehouses
  [shouguang]: 1, // seedlings by cold chain
  [korlaCold]: 3, // pre-cooling and cold chain
  [korlaRail]: 3, // rail freight and customs at origin
} as const;
const TALENT = {
  [yunfu]: 3, // 石材数控加工人才订单班
  [chongqing]: 3, // training service technicians
  [dehua]: 3, // training ceramic designers
  [lianyungang]: 3, // regulatory-affairs course
  [xining]: 2, // cooperatives that train weavers
  [xuchang]: 2, // trained live-stream hosts
  [wuhan]: 1, // 集中培养标准人才
  [jinjiang]: 1, // 建模培训班, 人才输送
  [changsha]: 1, // 服务站的人才是瓶颈
  [changshu]: 1, // 跨境电商培训
  [taizhou]: 1, // staff with registration experience
} as const;
const CERTIFICATION = {
  [guzhen]: 3, // 检测认证公共服务平台
  [nanan]: 3, // 海外认证服务站
  [qinghe]: 3, // 可持续认证
  [tianjin]: 3, // e-bike certification
  [taizhou]: 2, // international registration, inspections
  [shantou]: 2, // toy safety compliance before lab tests
  [chongqing]: 1, // certified technicians
  [changsha]: 1, // 服务工程师统一培训认证
  [lianyungang]: 1, // a certificate for the programme
  [shangyu]: 1, // EU chemical registration
  [ningxia]: 1, // standard and lab
  [anguo]: 1, // topic standards and certification
  [wuhan]: 1, // topic standards and certification
  [haikou]: 3, // testing and certification platform
  [dingxi]: 3, // 检测认证, halal and organic certification
  [wuhu]: 2, // certificates of origin; topic standards and certification
  [wuzhou]: 1, // 检测证书
  [puerCoffee]: 1, // certified graders
} as const;
const ECOMMERCE = {
  [changshu]: 3, // 跨境电商园区
  [puer]: 3, // 跨境电商试点
  [xuchang]: 3, // live-stream cross-border retail
  [yiwuWarehouses]: 2, // topic; 海外现货 for online orders
  [zunyi]: 2, // online export desk
  [anping]: 2, // online quotes for foreign buyers
  [yongkang]: 2, // online sales from overseas warehouses
  [wuzhou]: 3, // B2B跨境平台
  [zigong]: 2, // B2B online showroom
  [korlaRail]: 1, // topic only
} as const;
const WAREHOUSE = {
  [yiwuWarehouses]: 3,
  [yongkang]: 3,
  [changsha]: 2, // 开放海外仓库的部分库位，一个仓、多家货
  [changshu]: 1,
  [puer]: 1,
  [xuchang]: 1,
} as const;
const TRACING = {
  [anguo]: 3,
  [qinghe]: 3,
  [wuchang]: 3,
  [ningxia]: 2, // batch codes to drying house and growers
  [yantai]: 1, // carton code for the orchard block
  [puerCoffee]: 3, // traceable coffee lots
} as const;
const TESTING = {
  [guzhen]: 3,
  [tianjin]: 3,
  [anguo]: 2, // 快检室
  [ningxia]: 2, // shared residue lab
  [nanan]: 1, // 检测平台
  [puer]: 1, // 农残检测
  [shantou]: 1, // third-party lab pass rates
  [zibo]: 1, // 性能检测室
  [anping]: 1, // test lab checks samples
  [zunyi]: 1, // lab grading
  [haikou]: 3, // residue lab
  [dingxi]: 3, // 检测中心
  [wuzhou]: 1, // 检测证书
} as const;

export const JUDGMENTS: Judgment[] = [
  // ------------------------------------------------ Chinese two-character words
  {
    q: "品牌",
    category: "zh-word",
    tests: "a topic word; English cases only through the bilingual topic name",
    rel: { ...BRAND },
  },
  { q: "物流", category: "zh-word", tests: "inside 物流成本 and the topic name 物流与供应链", rel: { ...LOGISTICS } },
  {
    q: "人才",
    category: "zh-word",
    tests: "inside 人才培养 / 标准人才; English talent cases via the topic",
    rel: { ...TALENT },
  },
  {
    q: "标准",
    category: "zh-word",
    tests: "inside 国际标准 / 团体标准 / 标准与认证",
    rel: {
      [wuhan]: 3, // 参与国际标准制定
      [ningxia]: 3, // a published quality standard
      [anguo]: 2, // 团体标准
      [yantai]: 2, // export grade standard
      [guzhen]: 2, // 标准宣讲
      [tianjin]: 2, // safety standards
      [shantou]: 2, // toy safety standards
      [nanan]: 1,
      [qinghe]: 1,
      [shangyu]: 1,
      [taizhou]: 1,
      [lianyungang]: 1,
      [changsha]: 1, // 零部件编码标准
      [dingxi]: 2, // 质量分级标准
      [haikou]: 1, // topic standards and certification
      [wuhu]: 1, // topic standards and certification
    },
  },
  { q: "认证", category: "zh-word", tests: "inside 检测认证 / 可持续认证 / 标准与认证", rel: { ...CERTIFICATION } },
  {
    q: "直播",
    category: "zh-word",
    tests: "a word only in body text (直播间, 茶园直播); the main case is English",
    rel: { [xuchang]: 3, [changshu]: 2, [puer]: 2 },
  },
  {
    q: "冷链",
    category: "zh-word",
    tests: "title word of one case; the other is English",
    rel: { [zhengzhou]: 3, [yantai]: 3, [shouguang]: 1, [korlaCold]: 3, [korlaRail]: 2 },
  },
  { q: "检测", category: "zh-word", tests: "in titles (检测认证) and bodies (快检室, 农残检测)", rel: { ...TESTING } },
  { q: "追溯", category: "zh-word", tests: "inside 可追溯 / 追溯体系 / 追溯平台", rel: { ...TRACING } },

  // ------------------------------------------------ words inside compounds
  { q: "电商", category: "zh-inside", tests: "电商 inside 跨境电商 (a dictionary compound)", rel: { ...ECOMMERCE } },
  {
    q: "数字化",
    category: "zh-inside",
    tests: "inside 数字化转型 (topic), 订单数字化, 数字化设计",
    rel: {
      [yiwuOrders]: 3, // 市场商户订单数字化
      [jinjiang]: 3, // 数字化设计与3D打样
      [taixing]: 3, // one digital platform
      [anguo]: 2, // 追溯平台
      [zunyi]: 2, // online index and desk
      [anping]: 2, // online quoting tool
      [changshu]: 1,
      [wuchang]: 1,
      [jingdezhen]: 3, // SaaS order taking and ERP
      [puerCoffee]: 1, // topic digitization
    },
  },
  {
    q: "服务平台",
    category: "zh-inside",
    tests: "inside 公共服务平台 (a dictionary compound)",
    rel: {
      [guzhen]: 3, // 检测认证公共服务平台
      [taizhou]: 3, // 国际注册公共服务平台
      [yiwuOrders]: 2, // a tool of the 公共服务平台
      [jinjiang]: 2, // 3D打样公共平台
      [zibo]: 2, // 中试公共平台
      [tianjin]: 2, // a shared testing centre
      [yiwuWarehouses]: 1,
      [nanan]: 1,
      [shangyu]: 1,
      [puer]: 1,
      [taixing]: 1,
      [haikou]: 2, // a shared lab and certification desk (topic 公共服务平台)
      [wuzhou]: 2, // B2B跨境平台 (topic 公共服务平台)
      [jingdezhen]: 1, // topic 公共服务平台
      [korlaRail]: 1, // 公共服务平台统一订舱
    },
  },
  {
    q: "集群",
    category: "zh-inside",
    tests: "inside 产业集群 (topic name 产业集群发展)",
    rel: { [changsha]: 2, [xining]: 2, [yingkou]: 2, [tianjin]: 1, [wuhu]: 2 },
  },
  { q: "班列", category: "zh-inside", tests: "inside 中欧班列", rel: { [zhengzhou]: 3, [korlaRail]: 3 } },

  // ------------------------------------------------ long compounds
  { q: "跨境电商", category: "zh-compound", tests: "a dictionary compound and topic name", rel: { ...ECOMMERCE } },
  { q: "海外仓", category: "zh-compound", tests: "a dictionary compound; one English case", rel: { ...WAREHOUSE } },
  {
    q: "公共海外仓",
    category: "zh-compound",
    tests: "two words, the second a dictionary compound",
    rel: { [yiwuWarehouses]: 3, [yongkang]: 2, [changsha]: 1, [changshu]: 1, [puer]: 1 },
  },
  {
    q: "市场采购贸易",
    category: "zh-compound",
    tests: "a long dictionary compound in body text",
    rel: { [yiwuOrders]: 3, [yiwuWarehouses]: 2 },
  },
  { q: "国际标准", category: "zh-compound", tests: "a compound not in the dictionary", rel: { [wuhan]: 3 } },
  {
    q: "中欧班列",
    category: "zh-compound",
    tests: "a proper-noun compound",
    rel: { [zhengzhou]: 3, [korlaRail]: 3 },
  },
  {
    q: "质量追溯体系",
    category: "zh-compound",
    tests: "three words run together, none in the dictionary",
    rel: { [anguo]: 3, [qinghe]: 2, [wuchang]: 2, [ningxia]: 1, [yantai]: 1, [puerCoffee]: 2 },
  },
  {
    q: "检测认证",
    category: "zh-compound",
    tests: "a compound that is also two topic words",
    rel: {
      [guzhen]: 3,
      [tianjin]: 3,
      [nanan]: 2,
      [shantou]: 2,
      [qinghe]: 1,
      [taizhou]: 1,
      [anguo]: 1,
      [ningxia]: 1,
      [haikou]: 3,
      [dingxi]: 3,
      [wuzhou]: 1,
    },
  },

  // ------------------------------------------------ English words
  { q: "warehouse", category: "en-word", tests: "singular against plural text (warehouses)", rel: { ...WAREHOUSE } },
  {
    q: "certification",
    category: "en-word",
    tests: "Chinese cases only via topic names and titleEn",
    rel: { ...CERTIFICATION },
  },
  { q: "talent", category: "en-word", tests: "a topic name in English", rel: { ...TALENT } },
  { q: "brand", category: "en-word", tests: "brand / branding / own-brand", rel: { ...BRAND } },
  { q: "e-commerce", category: "en-word", tests: "a hyphenated word (e + commerce)", rel: { ...ECOMMERCE } },
  {
    q: "refractory",
    category: "en-word",
    tests: "a rare word in one case",
    rel: { [yingkou]: 3 },
  },

  // ------------------------------------------------ English phrases
  {
    q: "spare parts",
    category: "en-phrase",
    tests: "two words, one case about them",
    rel: { [changsha]: 3, [shunde]: 1, [yongkang]: 1, [chongqing]: 1 },
  },
  {
    q: "vocational college",
    category: "en-phrase",
    tests: "two words; a Chinese case with the same subject",
    rel: { [dehua]: 3, [chongqing]: 3, [yunfu]: 2, [jinjiang]: 1, [yiwuOrders]: 1, [xuchang]: 1 },
  },
  {
    q: "testing centre",
    category: "en-phrase",
    tests: "British spelling, title words",
    rel: { [tianjin]: 3, [guzhen]: 3, [ningxia]: 1, [anguo]: 1, [nanan]: 1, [dingxi]: 2, [haikou]: 2 },
  },
  { q: "origin tracing", category: "en-phrase", tests: "a title phrase; Chinese tracing cases", rel: { ...TRACING } },
  {
    q: "cold chain",
    category: "en-phrase",
    tests: "a title phrase; one Chinese case",
    rel: { [yantai]: 3, [zhengzhou]: 3, [shouguang]: 1, [korlaCold]: 3, [korlaRail]: 2 },
  },
  {
    q: "live stream",
    category: "en-phrase",
    tests: "against live-stream / live streams",
    rel: { [xuchang]: 3, [changshu]: 2, [puer]: 2 },
  },
  {
    q: "quality standard",
    category: "en-phrase",
    tests: "two common words together",
    rel: { [ningxia]: 3, [yantai]: 2, [anguo]: 2, [nanan]: 1, [qinghe]: 1, [dingxi]: 2 },
  },

  // ------------------------------------------------ typos
  { q: "warehuose", category: "typo", tests: "swapped letters in a 9-letter word (1 typo)", rel: { ...WAREHOUSE } },
  { q: "certifcation", category: "typo", tests: "a dropped letter in a 13-letter word", rel: { ...CERTIFICATION } },
  {
    q: "regulatroy",
    category: "typo",
    tests: "swapped letters (regulatory)",
    rel: { [lianyungang]: 3, [taizhou]: 2, [shangyu]: 1 },
  },
  { q: "refractroy", category: "typo", tests: "swapped letters (refractory / refractories)", rel: { [yingkou]: 3 } },
  {
    q: "ceramc",
    category: "typo",
    tests: "a dropped letter in a 6-letter word",
    rel: { [dehua]: 3, [zibo]: 1, [nantong]: 1, [wuchang]: 1, [xining]: 1, [jingdezhen]: 3 },
  },
  { q: "apples grding", category: "typo", tests: "a typo in the second of two words", rel: { [yantai]: 3 } },
  {
    q: "pharmaceutcal",
    category: "typo",
    tests: "two typos from 9 letters (pharmaceuticals)",
    rel: { [taizhou]: 3, [lianyungang]: 3, [anguo]: 1 },
  },

  // ------------------------------------------------ mixed Chinese and English
  {
    q: "跨境电商 brand",
    category: "mixed",
    tests: "a Chinese compound and an English word",
    rel: { [puer]: 3, [changshu]: 2, [yongkang]: 2, [shunde]: 1, [xuchang]: 1, [wuchang]: 1, [zigong]: 1, [wuzhou]: 1 },
  },
  {
    q: "海外仓 Yiwu",
    category: "mixed",
    tests: "a compound and a place name",
    rel: { [yiwuWarehouses]: 3, [yiwuOrders]: 1 },
  },
  {
    q: "中欧班列 frozen food",
    category: "mixed",
    tests: "Chinese text and the English base name",
    rel: { [zhengzhou]: 3 },
  },
  { q: "OEM 品牌", category: "mixed", tests: "an acronym and a topic word", rel: { [shunde]: 3 } },
  {
    q: "3D 打样",
    category: "mixed",
    tests: "digits+letter token next to Chinese",
    rel: { [jinjiang]: 3, [shantou]: 1, [zigong]: 1 },
  },
  {
    q: "EMC 认证",
    category: "mixed",
    tests: "an acronym in English summaries and a Chinese word",
    rel: { [tianjin]: 3, [guzhen]: 3 },
  },

  // ------------------------------------------------ filters
  {
    q: "品牌",
    category: "filter",
    tests: "stage filter",
    filters: { stage: ["scaled"] },
    rel: { [shunde]: 3, [wuchang]: 3, [yantai]: 2, [shouguang]: 1, [yongkang]: 1, [korlaCold]: 1, [zigong]: 1 },
  },
  {
    q: "检测",
    category: "filter",
    tests: "industry filter",
    filters: { industry: ["light-industry-crafts"] },
    rel: { [guzhen]: 3, [shantou]: 2, [wuzhou]: 1 },
  },
  {
    q: "certification",
    category: "filter",
    tests: "province filter",
    filters: { province: ["guangdong"] },
    rel: { [guzhen]: 3, [shantou]: 2 },
  },
  {
    q: "人才",
    category: "filter",
    tests: "industry filter, English cases through the topic",
    filters: { industry: ["machinery-electrical"] },
    rel: { [chongqing]: 3, [wuhan]: 1, [changsha]: 1 },
  },
  {
    q: "platform",
    category: "filter",
    tests: "topic filter",
    filters: { topic: ["digitization"] },
    rel: { [taixing]: 3, [yiwuOrders]: 2, [jinjiang]: 2, [anping]: 2, [anguo]: 1, [wuchang]: 1, [jingdezhen]: 1 },
  },
  {
    q: "warehouse",
    category: "filter",
    tests: "two values of one facet (OR)",
    filters: { province: ["zhejiang", "guangdong"] },
    rel: { [yiwuWarehouses]: 3, [yongkang]: 3 },
  },
  {
    q: "e-commerce",
    category: "filter",
    tests: "industry filter",
    filters: { industry: ["agricultural"] },
    rel: { [puer]: 3, [zunyi]: 2, [korlaRail]: 1 },
  },
  {
    q: "数字化",
    category: "filter",
    tests: "province filter",
    filters: { province: ["hebei"] },
    rel: { [anguo]: 2, [anping]: 2 },
  },
  {
    q: "warehouse",
    category: "filter",
    tests: "two facets at once (AND)",
    filters: { stage: ["scaled"], topic: ["logistics"] },
    rel: { [yiwuWarehouses]: 3, [yongkang]: 3, [changsha]: 2 },
  },

  // ------------------------------------------------ across languages
  // Every relevant case is written only in the other language (no titleEn, and the
  // query's words are nowhere in its text, topic or base names): found only through
  // the domain glossary (app/models/search-glossary.ts). 丝网 was a candidate but the
  // wire-mesh base's Chinese name contains it.
  {
    q: "China-Europe Railway Express",
    category: "cross-language",
    tests: "the English name of 中欧班列",
    rel: { [zhengzhou]: 3, [korlaRail]: 3 },
  },
  {
    q: "market procurement trade",
    category: "cross-language",
    tests: "the English name of 市场采购贸易",
    rel: { [yiwuOrders]: 3, [yiwuWarehouses]: 2 },
  },
  { q: "耐火材料", category: "cross-language", tests: "Chinese for refractories", rel: { [yingkou]: 3 } },
  { q: "假发", category: "cross-language", tests: "Chinese for wigs", rel: { [xuchang]: 3 } },
  { q: "电动自行车", category: "cross-language", tests: "Chinese for e-bikes", rel: { [tianjin]: 3, [chongqing]: 1 } },
  { q: "危险品", category: "cross-language", tests: "Chinese for hazardous goods", rel: { [taixing]: 3 } },
  { q: "孵化器", category: "cross-language", tests: "Chinese for (brand) incubator", rel: { [shunde]: 3 } },
  // ================================================ issue 13
  // Every third query of each class is held out (heldOut): scored, never tuned against.

  // ------------------------------------------------ places typed as text
  // A reader typing a place wants the cases of bases there: all graded 3.
  { q: "云南", category: "place", tests: "a province in Chinese", rel: { [puer]: 3, [puerCoffee]: 3 } },
  { q: "Yunnan", category: "place", tests: "the province in English", rel: { [puer]: 3, [puerCoffee]: 3 } },
  {
    q: "新疆",
    category: "place",
    tests: "short form of 新疆维吾尔自治区",
    rel: { [korlaCold]: 3, [korlaRail]: 3 },
    heldOut: true,
  },
  {
    q: "Xinjiang",
    category: "place",
    tests: "English, an English and a Chinese case",
    rel: { [korlaCold]: 3, [korlaRail]: 3 },
  },
  {
    q: "福建",
    category: "place",
    tests: "three bases in one province",
    rel: { [jinjiang]: 3, [dehua]: 3, [nanan]: 3 },
  },
  {
    q: "Fujian",
    category: "place",
    tests: "the facet value's name typed, not picked",
    rel: { [jinjiang]: 3, [dehua]: 3, [nanan]: 3 },
    heldOut: true,
  },
  {
    q: "山东",
    category: "place",
    tests: "a province with three cases",
    rel: { [shouguang]: 3, [zibo]: 3, [yantai]: 3 },
  },
  { q: "hebei", category: "place", tests: "pinyin in lower case", rel: { [anguo]: 3, [qinghe]: 3, [anping]: 3 } },
  {
    q: "广东",
    category: "place",
    tests: "four bases, Chinese and English cases",
    rel: { [shunde]: 3, [guzhen]: 3, [yunfu]: 3, [shantou]: 3 },
    heldOut: true,
  },
  { q: "库尔勒", category: "place", tests: "a city", rel: { [korlaCold]: 3, [korlaRail]: 3 } },
  { q: "Jingdezhen", category: "place", tests: "a city in English, Chinese case", rel: { [jingdezhen]: 3 } },
  { q: "晋江", category: "place", tests: "a county-level city", rel: { [jinjiang]: 3 }, heldOut: true },
  { q: "甘肃", category: "place", tests: "a province with one case", rel: { [dingxi]: 3 } },
  { q: "Hainan", category: "place", tests: "an island province", rel: { [haikou]: 3 } },
  {
    q: "浙江",
    category: "place",
    tests: "five cases under four bases",
    rel: { [yiwuWarehouses]: 3, [yiwuOrders]: 3, [yongkang]: 3, [taizhou]: 3, [shangyu]: 3 },
    heldOut: true,
  },

  // ------------------------------------------------ base names
  {
    q: "库尔勒香梨基地",
    category: "base-name",
    tests: "city + product + 基地",
    rel: { [korlaCold]: 3, [korlaRail]: 3 },
  },
  {
    q: "Korla Fragrant Pears",
    category: "base-name",
    tests: "the English base name's distinctive part",
    rel: { [korlaCold]: 3, [korlaRail]: 3 },
  },
  {
    q: "顺德家电",
    category: "base-name",
    tests: "district + product, English case",
    rel: { [shunde]: 3 },
    heldOut: true,
  },
  { q: "Xuchang Hair Products", category: "base-name", tests: "English base name", rel: { [xuchang]: 3 } },
  { q: "景德镇陶瓷基地", category: "base-name", tests: "a base of one case", rel: { [jingdezhen]: 3, [dehua]: 1 } },
  {
    q: "Wuhu auto parts base",
    category: "base-name",
    tests: "English, the case written in Chinese",
    rel: { [wuhu]: 3 },
    heldOut: true,
  },
  { q: "自贡彩灯", category: "base-name", tests: "Chinese base name, English case", rel: { [zigong]: 3 } },
  { q: "永康五金", category: "base-name", tests: "Chinese base name, English case", rel: { [yongkang]: 3 } },
  {
    q: "梧州人工宝石",
    category: "base-name",
    tests: "city + a product that is two words",
    rel: { [wuzhou]: 3 },
    heldOut: true,
  },
  { q: "Pu'er Tea", category: "base-name", tests: "an apostrophe in a base name", rel: { [puer]: 3, [puerCoffee]: 2 } },
  { q: "Dingxi Potatoes", category: "base-name", tests: "English base name, Chinese case", rel: { [dingxi]: 3 } },
  {
    q: "海口热带农产品基地",
    category: "base-name",
    tests: "a long Chinese base name",
    rel: { [haikou]: 3 },
    heldOut: true,
  },

  // ------------------------------------------------ same language first
  // Answers exist in both languages. A case written in the query's language that is
  // about it is graded 3; an equally on-topic case in the other language 2 (useful,
  // read through its translation or not at all), weaker matches 1 in either.
  {
    q: "cold chain logistics",
    category: "same-language",
    tests: "English query; Chinese cases with English titles compete",
    rel: { [korlaCold]: 3, [yantai]: 3, [zhengzhou]: 2, [korlaRail]: 1, [shouguang]: 1 },
  },
  {
    q: "testing certification platform",
    category: "same-language",
    tests: "English query; the Chinese platform case has an English title",
    rel: { [haikou]: 3, [tianjin]: 2, [guzhen]: 2, [dingxi]: 2, [nanan]: 1, [shantou]: 1 },
  },
  {
    q: "认证服务",
    category: "same-language",
    tests: "Chinese query; English certification cases through the glossary",
    rel: { [nanan]: 3, [guzhen]: 3, [dingxi]: 2, [qinghe]: 2, [tianjin]: 1, [haikou]: 1, [taizhou]: 1 },
    heldOut: true,
  },
  {
    q: "traceability",
    category: "same-language",
    tests: "English query; Chinese tracing cases",
    rel: { [puerCoffee]: 3, [wuchang]: 3, [ningxia]: 2, [anguo]: 2, [qinghe]: 2, [yantai]: 1 },
  },
  {
    q: "冷链物流",
    category: "same-language",
    tests: "Chinese query; English cold-chain cases",
    rel: { [zhengzhou]: 3, [korlaRail]: 2, [korlaCold]: 2, [yantai]: 2, [shouguang]: 1 },
  },
  {
    q: "overseas warehouses",
    category: "same-language",
    tests: "English query; the Chinese case about it has an English title",
    rel: { [yongkang]: 3, [yiwuWarehouses]: 2, [changsha]: 1, [changshu]: 1, [puer]: 1, [xuchang]: 1 },
    heldOut: true,
  },
  {
    q: "追溯系统",
    category: "same-language",
    tests: "Chinese query; English traceability cases",
    rel: { [anguo]: 3, [qinghe]: 3, [puerCoffee]: 2, [wuchang]: 2, [ningxia]: 1 },
  },
  {
    q: "talent training",
    category: "same-language",
    tests: "English query; a Chinese talent case",
    rel: { [chongqing]: 3, [dehua]: 3, [lianyungang]: 3, [xining]: 2, [yunfu]: 2, [xuchang]: 1 },
  },
  {
    q: "质量分级",
    category: "same-language",
    tests: "Chinese query; English grading cases",
    rel: { [dingxi]: 3, [nanan]: 3, [yantai]: 2, [korlaCold]: 1 },
    heldOut: true,
  },
  {
    q: "pesticide residue testing",
    category: "same-language",
    tests: "English query; Chinese cases with residue tests",
    rel: { [haikou]: 3, [ningxia]: 2, [puer]: 1, [anguo]: 1, [dingxi]: 1 },
  },
  {
    q: "检测中心",
    category: "same-language",
    tests: "Chinese query; English testing centres",
    rel: { [dingxi]: 3, [anguo]: 2, [guzhen]: 2, [tianjin]: 2, [haikou]: 1, [zibo]: 1 },
  },
  {
    q: "brand protection",
    category: "same-language",
    tests: "English query; Chinese branding cases",
    rel: { [wuchang]: 3, [shunde]: 2 },
    heldOut: true,
  },

  // ------------------------------------------------ long queries, one word unmatched
  {
    q: "pear cold chain Brazil",
    category: "partial",
    tests: "Brazil is in no case",
    rel: { [korlaCold]: 3, [korlaRail]: 1, [yantai]: 1 },
  },
  {
    q: "overseas warehouses power tools Brazil",
    category: "partial",
    tests: "five words, the last unmatched",
    rel: { [yongkang]: 3, [yiwuWarehouses]: 1 },
  },
  {
    q: "陶瓷 作坊 排产 直播",
    category: "partial",
    tests: "直播 is not in the ceramics case",
    rel: { [jingdezhen]: 3, [dehua]: 1 },
    heldOut: true,
  },
  { q: "定西 马铃薯 认证 补贴", category: "partial", tests: "补贴 is not in the Dingxi case", rel: { [dingxi]: 3 } },
  {
    q: "testing lab mango Vietnam",
    category: "partial",
    tests: "Vietnam is not in the mango case",
    rel: { [haikou]: 3 },
  },
  {
    q: "跨境 B2B 宝石 直播 展厅",
    category: "partial",
    tests: "five words with an acronym, 直播 unmatched",
    rel: { [wuzhou]: 3, [zigong]: 1 },
    heldOut: true,
  },
  {
    q: "hazardous goods export platform Brazil",
    category: "partial",
    tests: "five words, Brazil unmatched",
    rel: { [taixing]: 3 },
  },
  {
    q: "中欧班列 冷链 香梨 补贴",
    category: "partial",
    tests: "补贴 is in neither rail case",
    rel: { [korlaRail]: 3, [zhengzhou]: 2 },
  },
  {
    q: "wigs live stream Brazil",
    category: "partial",
    tests: "Brazil unmatched, the rest in one case",
    rel: { [xuchang]: 3 },
    heldOut: true,
  },
  { q: "石材 数控 人才 直播", category: "partial", tests: "直播 is not in the stone case", rel: { [yunfu]: 3 } },
  { q: "goji quality standard Brazil", category: "partial", tests: "Brazil unmatched", rel: { [ningxia]: 3 } },
  {
    q: "traceable coffee Germany smallholders Vietnam",
    category: "partial",
    tests: "five words, Vietnam unmatched",
    rel: { [puerCoffee]: 3 },
    heldOut: true,
  },

  // ------------------------------------------------ Chinese with English acronyms
  { q: "SaaS 接单", category: "mixed-acronym", tests: "mixed-case acronym", rel: { [jingdezhen]: 3 } },
  { q: "ERP 排产", category: "mixed-acronym", tests: "acronym + a Chinese word", rel: { [jingdezhen]: 3 } },
  {
    q: "RCEP 原产地",
    category: "mixed-acronym",
    tests: "a trade-agreement acronym",
    rel: { [wuhu]: 3 },
    heldOut: true,
  },
  { q: "B2B 展厅", category: "mixed-acronym", tests: "letters and digits", rel: { [wuzhou]: 3, [zigong]: 2 } },
  { q: "RCEP 东盟 出口", category: "mixed-acronym", tests: "three words", rel: { [wuhu]: 3 } },
  {
    q: "B2B 跨境平台",
    category: "mixed-acronym",
    tests: "acronym + a compound",
    rel: { [wuzhou]: 3, [zigong]: 2 },
    heldOut: true,
  },
  { q: "陶瓷 ERP", category: "mixed-acronym", tests: "product + acronym", rel: { [jingdezhen]: 3 } },
  { q: "SaaS ERP 小微企业", category: "mixed-acronym", tests: "two acronyms", rel: { [jingdezhen]: 3 } },
  {
    q: "RCEP 关税",
    category: "mixed-acronym",
    tests: "acronym + a word in the summary",
    rel: { [wuhu]: 3 },
    heldOut: true,
  },
  {
    q: "B2B 彩灯",
    category: "mixed-acronym",
    tests: "acronym + a Chinese base-name word, English case",
    rel: { [zigong]: 3 },
  },
  { q: "ERP 数字化", category: "mixed-acronym", tests: "acronym + a topic word", rel: { [jingdezhen]: 3 } },
  {
    q: "GLOBALG.A.P. 认证",
    category: "mixed-acronym",
    tests: "an acronym with dots",
    rel: { [haikou]: 3 },
    heldOut: true,
  },
];
