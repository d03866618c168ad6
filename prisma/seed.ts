// Demo content, clearly marked as demo (isDemo = true): bases across many
// provinces and all eight industries, and one account of each kind so the app
// can be tried at once. Runs only when DEMO_DATA is on and the database has no
// bases, so it is safe on every start (scripts/prepare.ts) and via
// `npx prisma db seed`. Passwords are random and printed once.
//
// Relative imports: this file also runs under plain `tsx` from the Prisma CLI.
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prisma, dbReady } from "../app/utils/db.server.ts";
import { appOrigin, env } from "../app/utils/env.server.ts";
import type { NewBase } from "../app/models/base.server.ts";
import fs from "node:fs";
import { importErrorText, parseBaseFile } from "../app/models/base-import.server.ts";
import { applyImport } from "../app/models/base-registry.server.ts";
import { createUser } from "../app/models/user.server.ts";
import { approveAffiliation, requestAffiliation } from "../app/models/affiliation.server.ts";
import type { Industry } from "../app/models/industry.ts";
import type { Province } from "../app/models/province.ts";
import { seedDemoCases } from "./demo-cases.ts";
import { seedDemoAdoptions } from "./demo-adoptions.ts";
import { seedDemoCuration } from "./demo-curation.ts";

export const PROVINCE_NAMES: Partial<Record<Province, [zh: string, en: string]>> = {
  beijing: ["北京市", "Beijing"],
  tianjin: ["天津市", "Tianjin"],
  hebei: ["河北省", "Hebei"],
  shanxi: ["山西省", "Shanxi"],
  "inner-mongolia": ["内蒙古自治区", "Inner Mongolia"],
  liaoning: ["辽宁省", "Liaoning"],
  jilin: ["吉林省", "Jilin"],
  heilongjiang: ["黑龙江省", "Heilongjiang"],
  shanghai: ["上海市", "Shanghai"],
  jiangsu: ["江苏省", "Jiangsu"],
  zhejiang: ["浙江省", "Zhejiang"],
  anhui: ["安徽省", "Anhui"],
  fujian: ["福建省", "Fujian"],
  jiangxi: ["江西省", "Jiangxi"],
  shandong: ["山东省", "Shandong"],
  henan: ["河南省", "Henan"],
  hubei: ["湖北省", "Hubei"],
  hunan: ["湖南省", "Hunan"],
  guangdong: ["广东省", "Guangdong"],
  guangxi: ["广西壮族自治区", "Guangxi"],
  hainan: ["海南省", "Hainan"],
  chongqing: ["重庆市", "Chongqing"],
  sichuan: ["四川省", "Sichuan"],
  guizhou: ["贵州省", "Guizhou"],
  yunnan: ["云南省", "Yunnan"],
  tibet: ["西藏自治区", "Tibet"],
  shaanxi: ["陕西省", "Shaanxi"],
  gansu: ["甘肃省", "Gansu"],
  qinghai: ["青海省", "Qinghai"],
  ningxia: ["宁夏回族自治区", "Ningxia"],
  xinjiang: ["新疆维吾尔自治区", "Xinjiang"],
};

// slug, province, industry, city zh/en (as it appears in the name), product zh/en, one distinctive fact zh/en.
type Row = [string, Province, Industry, string, string, string, string, string, string];

const BASES: Row[] = [
  [
    "zhejiang-yiwu-small-commodities",
    "zhejiang",
    "light-industry-crafts",
    "义乌市",
    "Yiwu",
    "小商品",
    "Small Commodities",
    "依托全球最大的小商品市场，推行市场采购贸易方式",
    "builds on the world's largest small-commodities market and its market-procurement trade model",
  ],
  [
    "zhejiang-yongkang-hardware",
    "zhejiang",
    "hardware-building",
    "永康市",
    "Yongkang",
    "五金",
    "Hardware",
    "五金制造企业密集，电动工具和门业出口占比高",
    "is dense with hardware makers, with power tools and doors leading exports",
  ],
  [
    "zhejiang-haining-leather",
    "zhejiang",
    "light-industry-crafts",
    "海宁市",
    "Haining",
    "皮革",
    "Leather",
    "以皮革服装和箱包为主，设有专业皮革城",
    "centres on leather garments and bags around a specialised leather market",
  ],
  [
    "zhejiang-taizhou-pharmaceuticals",
    "zhejiang",
    "medicine",
    "台州市",
    "Taizhou",
    "医药",
    "Pharmaceuticals",
    "原料药和制剂企业集聚，多家企业通过国际认证",
    "clusters API and finished-dose makers, many with international GMP approvals",
  ],
  [
    "zhejiang-shangyu-fine-chemicals",
    "zhejiang",
    "specialized-chemicals",
    "绍兴市上虞区",
    "Shangyu, Shaoxing",
    "精细化工",
    "Fine Chemicals",
    "染料和精细化学品产业链完整",
    "has a complete chain for dyes and fine chemicals",
  ],
  [
    "jiangsu-changshu-clothing",
    "jiangsu",
    "textile-clothing",
    "常熟市",
    "Changshu",
    "服装",
    "Clothing",
    "服装专业市场与加工配套齐全，发展服装跨境电商",
    "combines garment markets and processing with cross-border e-commerce",
  ],
  [
    "jiangsu-nantong-home-textiles",
    "jiangsu",
    "textile-clothing",
    "南通市",
    "Nantong",
    "家纺",
    "Home Textiles",
    "家纺产业带规模大，推进设计与品牌建设",
    "runs a large home-textile belt focused on design and brands",
  ],
  [
    "jiangsu-lianyungang-pharmaceuticals",
    "jiangsu",
    "medicine",
    "连云港市",
    "Lianyungang",
    "医药",
    "Pharmaceuticals",
    "创新药企业集聚，推进药品国际注册",
    "hosts innovative drug makers pursuing international registrations",
  ],
  [
    "jiangsu-taixing-fine-chemicals",
    "jiangsu",
    "specialized-chemicals",
    "泰兴市",
    "Taixing",
    "精细化工",
    "Fine Chemicals",
    "化工园区实行封闭管理，重视安全和环保",
    "operates a closed chemical park with strict safety and environmental rules",
  ],
  [
    "guangdong-shunde-home-appliances",
    "guangdong",
    "machinery-electrical",
    "佛山市顺德区",
    "Shunde, Foshan",
    "家用电器",
    "Home Appliances",
    "家电整机与零部件配套完整，自主品牌出口比重高",
    "has a full appliance supply chain and a high share of own-brand exports",
  ],
  [
    "guangdong-guzhen-lighting",
    "guangdong",
    "light-industry-crafts",
    "中山市古镇镇",
    "Guzhen, Zhongshan",
    "灯饰",
    "Lighting",
    "灯饰产业集聚度高，常年举办灯饰博览会",
    "is a lighting cluster that hosts a yearly lighting fair",
  ],
  [
    "guangdong-yunfu-stone",
    "guangdong",
    "hardware-building",
    "云浮市",
    "Yunfu",
    "石材",
    "Stone",
    "石材加工技术领先，推进绿色矿山和智能加工",
    "leads in stone processing, with green quarries and smart machining",
  ],
  [
    "guangdong-shantou-toys",
    "guangdong",
    "light-industry-crafts",
    "汕头市澄海区",
    "Chenghai, Shantou",
    "玩具",
    "Toys",
    "玩具创意设计和动漫授权产业发达",
    "is strong in toy design and licensed characters",
  ],
  [
    "fujian-jinjiang-footwear",
    "fujian",
    "light-industry-crafts",
    "晋江市",
    "Jinjiang",
    "鞋业",
    "Footwear",
    "运动鞋服品牌集聚，形成从鞋材到成品的产业链",
    "gathers sportswear brands with a chain from materials to finished shoes",
  ],
  [
    "fujian-dehua-ceramics",
    "fujian",
    "light-industry-crafts",
    "德化县",
    "Dehua County",
    "陶瓷",
    "Ceramics",
    "白瓷工艺历史悠久，工艺陶瓷出口全国领先",
    "has a long white-porcelain tradition and leads in art-ceramics exports",
  ],
  [
    "fujian-nanan-plumbing",
    "fujian",
    "hardware-building",
    "南安市",
    "Nan'an",
    "水暖厨卫",
    "Plumbing and Sanitary Ware",
    "水暖阀门企业众多，建有检测公共服务平台",
    "has many valve and tap makers and a shared testing platform",
  ],
  [
    "shandong-shouguang-vegetables",
    "shandong",
    "agricultural",
    "寿光市",
    "Shouguang",
    "蔬菜",
    "Vegetables",
    "设施蔬菜种植和种苗繁育技术输出国内外",
    "exports greenhouse vegetable growing and seedling know-how",
  ],
  [
    "shandong-zibo-new-materials",
    "shandong",
    "new-materials",
    "淄博市",
    "Zibo",
    "新材料",
    "New Materials",
    "陶瓷材料和高分子材料产业基础雄厚",
    "has a strong base in ceramic and polymer materials",
  ],
  [
    "shandong-yantai-apples",
    "shandong",
    "agricultural",
    "烟台市",
    "Yantai",
    "苹果",
    "Apples",
    "苹果种植历史悠久，冷链和分选设施完善",
    "grows apples with modern cold-chain and grading facilities",
  ],
  [
    "shandong-linyi-wood-products",
    "shandong",
    "hardware-building",
    "临沂市",
    "Linyi",
    "木业",
    "Wood Products",
    "板材加工企业集聚，依托商贸物流城拓展出口",
    "clusters panel makers and exports through its logistics market",
  ],
  [
    "hebei-anguo-herbal-medicine",
    "hebei",
    "medicine",
    "安国市",
    "Anguo",
    "中药材",
    "Herbal Medicines",
    "中药材专业市场历史悠久，推进溯源体系建设",
    "runs a historic herbal market and builds traceability systems",
  ],
  [
    "hebei-qinghe-cashmere",
    "hebei",
    "textile-clothing",
    "清河县",
    "Qinghe County",
    "羊绒",
    "Cashmere",
    "羊绒分梳和制品加工规模大",
    "is a major centre for cashmere dehairing and products",
  ],
  [
    "hebei-anping-wire-mesh",
    "hebei",
    "hardware-building",
    "安平县",
    "Anping County",
    "丝网",
    "Wire Mesh",
    "丝网产品种类齐全，出口到一百多个国家和地区",
    "makes a full range of wire mesh sold to over a hundred countries",
  ],
  [
    "jiangxi-jingdezhen-ceramics",
    "jiangxi",
    "light-industry-crafts",
    "景德镇市",
    "Jingdezhen",
    "陶瓷",
    "Ceramics",
    "千年瓷都，传统技艺与现代设计相结合",
    "joins a thousand-year porcelain craft with modern design",
  ],
  [
    "jiangxi-ganzhou-rare-earth-materials",
    "jiangxi",
    "new-materials",
    "赣州市",
    "Ganzhou",
    "稀土新材料",
    "Rare-Earth Materials",
    "稀土永磁材料和深加工产品出口增长快",
    "is growing exports of rare-earth magnets and processed products",
  ],
  [
    "jiangxi-zhangshu-pharmaceuticals",
    "jiangxi",
    "medicine",
    "樟树市",
    "Zhangshu",
    "医药",
    "Pharmaceuticals",
    "中药炮制技艺传承久远，现代中药企业集聚",
    "carries an old herbal-processing tradition and modern TCM makers",
  ],
  [
    "hubei-wuhan-optoelectronics",
    "hubei",
    "machinery-electrical",
    "武汉东湖新技术开发区",
    "Wuhan East Lake High-tech Zone",
    "光电子",
    "Optoelectronics",
    "光纤光缆和激光器件研发制造能力突出",
    "stands out in optical fibre, cable and laser devices",
  ],
  [
    "hubei-yichang-phosphorus-chemicals",
    "hubei",
    "specialized-chemicals",
    "宜昌市",
    "Yichang",
    "磷化工",
    "Phosphorus Chemicals",
    "磷矿资源丰富，发展精细磷化工产品",
    "turns rich phosphate deposits into fine phosphorus chemicals",
  ],
  [
    "hunan-changsha-construction-machinery",
    "hunan",
    "machinery-electrical",
    "长沙市",
    "Changsha",
    "工程机械",
    "Construction Machinery",
    "工程机械龙头企业集聚，海外服务网络覆盖广",
    "is home to leading construction-machinery makers with global service networks",
  ],
  [
    "anhui-wuhu-auto-parts",
    "anhui",
    "machinery-electrical",
    "芜湖市",
    "Wuhu",
    "汽车及零部件",
    "Automobiles and Parts",
    "整车和零部件出口带动产业链协同出海",
    "exports vehicles and parts, taking suppliers abroad with them",
  ],
  [
    "henan-xuchang-hair-products",
    "henan",
    "light-industry-crafts",
    "许昌市",
    "Xuchang",
    "发制品",
    "Hair Products",
    "发制品产业全球知名，跨境电商发展迅速",
    "is known worldwide for hair products and fast-growing online exports",
  ],
  [
    "henan-zhengzhou-flour-foods",
    "henan",
    "agricultural",
    "郑州市",
    "Zhengzhou",
    "速冻食品",
    "Frozen Foods",
    "速冻面米食品企业集聚，冷链物流发达",
    "clusters frozen-food makers with strong cold-chain logistics",
  ],
  [
    "shaanxi-luochuan-apples",
    "shaanxi",
    "agricultural",
    "洛川县",
    "Luochuan County",
    "苹果",
    "Apples",
    "黄土高原优质苹果产区，推行标准化种植",
    "grows apples on the Loess Plateau to common standards",
  ],
  [
    "gansu-dingxi-potatoes",
    "gansu",
    "agricultural",
    "定西市",
    "Dingxi",
    "马铃薯",
    "Potatoes",
    "马铃薯种薯繁育和淀粉加工链条完整",
    "has a full chain from seed potatoes to starch",
  ],
  [
    "ningxia-zhongning-goji",
    "ningxia",
    "agricultural",
    "中宁县",
    "Zhongning County",
    "枸杞",
    "Goji Berries",
    "枸杞种植和精深加工并重，推进质量标准",
    "grows and processes goji berries to published quality standards",
  ],
  [
    "xinjiang-korla-pears",
    "xinjiang",
    "agricultural",
    "库尔勒市",
    "Korla",
    "香梨",
    "Fragrant Pears",
    "香梨品牌知名度高，冷库和分级设施完善",
    "has a known pear brand with cold stores and grading lines",
  ],
  [
    "yunnan-puer-tea",
    "yunnan",
    "agricultural",
    "普洱市",
    "Pu'er",
    "茶叶",
    "Tea",
    "茶园生态种植和茶文化推广相结合",
    "combines ecological tea gardens with tea-culture promotion",
  ],
  [
    "heilongjiang-wuchang-rice",
    "heilongjiang",
    "agricultural",
    "五常市",
    "Wuchang",
    "大米",
    "Rice",
    "优质稻米产区，推行产地溯源和品牌保护",
    "is a premium rice region with origin tracing and brand protection",
  ],
  [
    "jilin-tonghua-pharmaceuticals",
    "jilin",
    "medicine",
    "通化市",
    "Tonghua",
    "医药",
    "Pharmaceuticals",
    "长白山中药资源丰富，生物制药企业集聚",
    "draws on Changbai Mountain herbs and biopharmaceutical makers",
  ],
  [
    "liaoning-yingkou-magnesia",
    "liaoning",
    "new-materials",
    "营口市",
    "Yingkou",
    "镁质材料",
    "Magnesia Materials",
    "菱镁矿资源丰富，发展高端耐火材料",
    "turns magnesite reserves into high-end refractories",
  ],
  [
    "inner-mongolia-baotou-rare-earth",
    "inner-mongolia",
    "new-materials",
    "包头市",
    "Baotou",
    "稀土",
    "Rare Earths",
    "稀土资源储量大，研发和应用产业链较完整",
    "holds large rare-earth reserves and a fairly complete R&D and application chain",
  ],
  [
    "qinghai-xining-tibetan-carpets",
    "qinghai",
    "textile-clothing",
    "西宁市",
    "Xining",
    "藏毯",
    "Tibetan Carpets",
    "藏毯手工技艺与现代织造相结合",
    "combines hand-knotted carpet craft with modern weaving",
  ],
  [
    "chongqing-motorcycles",
    "chongqing",
    "machinery-electrical",
    "重庆市",
    "Chongqing",
    "摩托车",
    "Motorcycles",
    "摩托车整车和发动机出口规模大",
    "exports motorcycles and engines at scale",
  ],
  [
    "sichuan-zigong-lanterns",
    "sichuan",
    "light-industry-crafts",
    "自贡市",
    "Zigong",
    "彩灯",
    "Lanterns",
    "彩灯文化出口到多个国家的灯会",
    "takes its lantern craft to festivals in many countries",
  ],
  [
    "shanghai-jinshan-fine-chemicals",
    "shanghai",
    "specialized-chemicals",
    "金山区",
    "Jinshan District",
    "精细化工",
    "Fine Chemicals",
    "化工新材料和精细化学品研发能力强",
    "is strong in research on chemical materials and fine chemicals",
  ],
  [
    "tianjin-bicycles",
    "tianjin",
    "machinery-electrical",
    "天津市",
    "Tianjin",
    "自行车",
    "Bicycles",
    "自行车和电动自行车整车与零部件配套齐全",
    "makes bicycles, e-bikes and their parts",
  ],
  [
    "guangxi-wuzhou-gemstones",
    "guangxi",
    "light-industry-crafts",
    "梧州市",
    "Wuzhou",
    "人工宝石",
    "Synthetic Gemstones",
    "人工宝石加工量大，设有宝石交易中心",
    "cuts synthetic gemstones at scale around a gem trading centre",
  ],
  [
    "guizhou-zunyi-chili",
    "guizhou",
    "agricultural",
    "遵义市",
    "Zunyi",
    "辣椒",
    "Chili Peppers",
    "辣椒种植和加工规模大，设有辣椒专业市场",
    "grows and processes chili peppers around a dedicated market",
  ],
  [
    "hainan-haikou-tropical-fruit",
    "hainan",
    "agricultural",
    "海口市",
    "Haikou",
    "热带农产品",
    "Tropical Produce",
    "依托自由贸易港政策拓展热带农产品出口",
    "uses free-trade-port policies to export tropical produce",
  ],
  [
    "shanxi-taiyuan-stainless-steel",
    "shanxi",
    "new-materials",
    "太原市",
    "Taiyuan",
    "不锈钢新材料",
    "Stainless Steel Materials",
    "不锈钢精密带材等新材料研发生产能力强",
    "is strong in precision stainless strip and other new materials",
  ],
];

const DEMO_BASES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/samples/bases-demo.csv");

function isEnabled(): boolean {
  return env().DEMO_DATA;
}

export function demoBases(): NewBase[] {
  return BASES.map(([slug, province, industry, cityZh, cityEn, productZh, productEn, factZh, factEn]) => {
    const [provinceZh, provinceEn] = PROVINCE_NAMES[province]!;
    // Municipalities repeat the province in the city; avoid "重庆市重庆市".
    const placeZh = cityZh === provinceZh ? provinceZh : `${provinceZh}${cityZh}`;
    const placeEn = cityEn === provinceEn ? provinceEn : `${cityEn} (${provinceEn})`;
    return {
      code: `DEMO-${slug}`,
      slug,
      province,
      industry,
      cityZh,
      cityEn,
      nameZh: `${placeZh}${productZh}国家外贸转型升级基地`,
      nameEn: `${placeEn} ${productEn} National Foreign Trade Transformation and Upgrading Base`,
      descriptionZh: `${placeZh}${productZh}基地${factZh}。基地通过公共服务平台、品牌培育和数字化改造帮助企业开拓国际市场。（演示数据）`,
      descriptionEn: `The ${placeEn} ${productEn.toLowerCase()} base ${factEn}. Through a shared public-service platform, brand building and digital upgrading, it helps local firms reach overseas markets. (Demo data.)`,
      isDemo: true,
    };
  });
}

function randomPassword(): string {
  // 18 base64url characters ≈ 108 bits; readable enough to type once.
  return crypto.randomBytes(14).toString("base64url").slice(0, 18);
}

interface DemoAccount {
  label: string;
  email: string;
  username: string;
  displayName: string;
  password: string;
}

function printBox(origin: string, accounts: DemoAccount[]): void {
  const lines = [
    "DEMO DATA LOADED — demo accounts (passwords are shown only this once)",
    `Sign in at ${origin}/login`,
    "",
    ...accounts.map((a) => `${a.label.padEnd(22)} ${a.email.padEnd(32)} ${a.password}`),
    "",
    "All demo rows are marked isDemo. Set DEMO_DATA=false to start without them.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const out = [
    `┌${"─".repeat(width + 2)}┐`,
    ...lines.map((l) => `│ ${l.padEnd(width)} │`),
    `└${"─".repeat(width + 2)}┘`,
  ];
  process.stdout.write(`\n${out.join("\n")}\n\n`);
}

/** Seeds demo data when enabled and the database has no bases. Returns whether it seeded. */
export async function seedIfEmpty(opts: { quiet?: boolean } = {}): Promise<boolean> {
  if (!isEnabled()) return false;
  await dbReady();
  if ((await prisma.base.count()) > 0) return false;

  // The demo registry is the sample import file (docs/samples/bases-demo.csv,
  // written by scripts/generate-demo-bases.ts), loaded through the same import
  // code an admin uses, so the sample and the importer cannot drift apart.
  const parsed = await parseBaseFile(new Uint8Array(fs.readFileSync(DEMO_BASES_FILE)));
  if (parsed.errors.length) throw new Error(`${DEMO_BASES_FILE}: ${parsed.errors.map(importErrorText).join("; ")}`);
  const users: Array<
    DemoAccount & { role: "member" | "moderator" | "admin"; emailVerified: boolean; locale: "zh-CN" | "en" }
  > = [
    {
      label: "admin",
      email: "admin@demo.example",
      username: "demo-admin",
      displayName: "演示管理员 Demo Admin",
      role: "admin",
      emailVerified: true,
      locale: "zh-CN",
      password: randomPassword(),
    },
    {
      label: "moderator",
      email: "moderator@demo.example",
      username: "demo-moderator",
      displayName: "演示版主 Demo Moderator",
      role: "moderator",
      emailVerified: true,
      locale: "zh-CN",
      password: randomPassword(),
    },
    {
      label: "verified member",
      email: "verified@demo.example",
      username: "demo-verified",
      displayName: "王芳（演示）",
      role: "member",
      emailVerified: true,
      locale: "zh-CN",
      password: randomPassword(),
    },
    {
      label: "pending affiliation",
      email: "pending@demo.example",
      username: "demo-pending",
      displayName: "Li Wei (demo)",
      role: "member",
      emailVerified: true,
      locale: "en",
      password: randomPassword(),
    },
    {
      label: "unverified email",
      email: "unverified@demo.example",
      username: "demo-unverified",
      displayName: "张磊（演示）",
      role: "member",
      emailVerified: false,
      locale: "zh-CN",
      password: randomPassword(),
    },
  ];

  // Bases and accounts in one transaction, so a failed seed leaves an empty
  // database and the next start tries again.
  const ids = await prisma.$transaction(
    async (tx) => {
      if ((await tx.base.count()) > 0) return null;
      const imported = await applyImport(null, parsed, {
        tx,
        via: "seed",
        isDemo: true,
        source: "docs/samples/bases-demo.csv",
      });
      if (!imported.ok) throw new Error(`demo bases: ${imported.plan.errors.map(importErrorText).join("; ")}`);
      const created: Record<string, string> = {};
      for (const u of users) {
        const { id } = await createUser(
          {
            email: u.email,
            username: u.username,
            displayName: u.displayName,
            password: u.password,
            role: u.role,
            emailVerified: u.emailVerified,
            locale: u.locale,
            isDemo: true,
          },
          tx,
        );
        created[u.label] = id;
      }
      return created;
    },
    { timeout: 60_000 },
  );
  if (!ids) return false;

  // Affiliations go through the affiliation model like any other: the verified
  // member's request is approved by the demo moderator (which also leaves a
  // notification and an audit row to look at); the other stays pending.
  const verified = await requestAffiliation(ids["verified member"]!, {
    baseSlug: "zhejiang-yiwu-small-commodities",
    message: "基地公共服务中心副主任，负责市场采购贸易和出口促进工作。（演示）",
  });
  if (verified.ok) await approveAffiliation({ id: ids.moderator! }, verified.id, { note: "Demo data" });
  await requestAffiliation(ids["pending affiliation"]!, {
    baseSlug: "guangdong-shunde-home-appliances",
    message: "Export manager at a home-appliance maker in Shunde; I coordinate the base's overseas trade fairs. (demo)",
  });

  // Case studies last: they need the bases, the admin and the verified member.
  await seedDemoCases({ quiet: opts.quiet });
  await seedDemoAdoptions({ quiet: opts.quiet });
  await seedDemoCuration({ quiet: opts.quiet });

  if (!opts.quiet) printBox(appOrigin(), users);
  return true;
}

// `npx prisma db seed` / `tsx prisma/seed.ts`; not when imported by scripts/prepare.ts.
const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  seedIfEmpty()
    .then((seeded) => {
      if (!seeded)
        console.log(isEnabled() ? "Seed skipped: the database already has bases." : "Seed skipped: DEMO_DATA is off.");
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => prisma.$disconnect());
}
