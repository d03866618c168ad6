// Writes docs/samples/bases-demo.csv: 578 demo bases in the import format
// (docs/base-import-format.md), the size of the real registry. The first rows are
// the hand-written demo bases of prisma/seed.ts (the demo cases refer to their
// slugs); the rest combine real prefecture-level cities of every province with
// the typical products of each of the eight industries. Every row is demo data:
// code DEMO-nnnn, "（演示数据）/(Demo data.)" in the description, no real website.
// Deterministic, so the file only changes when this script does.
//
//   npx tsx scripts/generate-demo-bases.ts            (re)writes the file
//   npx tsx scripts/generate-demo-bases.ts --check    exits 1 when the file is stale
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { INDUSTRIES, type Industry } from "../app/models/industry.ts";
import { PROVINCES, type Province } from "../app/models/province.ts";
import { demoBases, PROVINCE_NAMES } from "../prisma/seed.ts";

export const DEMO_BASE_COUNT = 578;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEMO_BASES_CSV = path.join(root, "docs/samples/bases-demo.csv");

// Real prefecture-level cities (and municipal districts) per province: zh, en.
const CITIES: Record<Province, Array<[string, string]>> = {
  beijing: [
    ["北京市", "Beijing"],
    ["顺义区", "Shunyi"],
    ["大兴区", "Daxing"],
    ["平谷区", "Pinggu"],
  ],
  tianjin: [
    ["天津市", "Tianjin"],
    ["滨海新区", "Binhai"],
    ["静海区", "Jinghai"],
    ["武清区", "Wuqing"],
  ],
  hebei: [
    ["石家庄市", "Shijiazhuang"],
    ["保定市", "Baoding"],
    ["邢台市", "Xingtai"],
    ["沧州市", "Cangzhou"],
    ["廊坊市", "Langfang"],
    ["邯郸市", "Handan"],
    ["衡水市", "Hengshui"],
    ["唐山市", "Tangshan"],
  ],
  shanxi: [
    ["太原市", "Taiyuan"],
    ["大同市", "Datong"],
    ["晋城市", "Jincheng"],
    ["运城市", "Yuncheng"],
    ["长治市", "Changzhi"],
  ],
  "inner-mongolia": [
    ["呼和浩特市", "Hohhot"],
    ["包头市", "Baotou"],
    ["赤峰市", "Chifeng"],
    ["鄂尔多斯市", "Ordos"],
    ["满洲里市", "Manzhouli"],
  ],
  liaoning: [
    ["沈阳市", "Shenyang"],
    ["大连市", "Dalian"],
    ["鞍山市", "Anshan"],
    ["丹东市", "Dandong"],
    ["营口市", "Yingkou"],
    ["锦州市", "Jinzhou"],
  ],
  jilin: [
    ["长春市", "Changchun"],
    ["吉林市", "Jilin City"],
    ["延边州", "Yanbian"],
    ["通化市", "Tonghua"],
  ],
  heilongjiang: [
    ["哈尔滨市", "Harbin"],
    ["牡丹江市", "Mudanjiang"],
    ["齐齐哈尔市", "Qiqihar"],
    ["佳木斯市", "Jiamusi"],
    ["黑河市", "Heihe"],
  ],
  shanghai: [
    ["上海市", "Shanghai"],
    ["浦东新区", "Pudong"],
    ["嘉定区", "Jiading"],
    ["松江区", "Songjiang"],
    ["青浦区", "Qingpu"],
  ],
  jiangsu: [
    ["南京市", "Nanjing"],
    ["苏州市", "Suzhou"],
    ["无锡市", "Wuxi"],
    ["常州市", "Changzhou"],
    ["南通市", "Nantong"],
    ["扬州市", "Yangzhou"],
    ["泰州市", "Taizhou (Jiangsu)"],
    ["徐州市", "Xuzhou"],
    ["盐城市", "Yancheng"],
    ["连云港市", "Lianyungang"],
  ],
  zhejiang: [
    ["杭州市", "Hangzhou"],
    ["宁波市", "Ningbo"],
    ["温州市", "Wenzhou"],
    ["绍兴市", "Shaoxing"],
    ["嘉兴市", "Jiaxing"],
    ["湖州市", "Huzhou"],
    ["金华市", "Jinhua"],
    ["台州市", "Taizhou"],
    ["丽水市", "Lishui"],
    ["衢州市", "Quzhou"],
  ],
  anhui: [
    ["合肥市", "Hefei"],
    ["芜湖市", "Wuhu"],
    ["安庆市", "Anqing"],
    ["滁州市", "Chuzhou"],
    ["宣城市", "Xuancheng"],
    ["蚌埠市", "Bengbu"],
  ],
  fujian: [
    ["福州市", "Fuzhou"],
    ["厦门市", "Xiamen"],
    ["泉州市", "Quanzhou"],
    ["漳州市", "Zhangzhou"],
    ["莆田市", "Putian"],
    ["宁德市", "Ningde"],
    ["龙岩市", "Longyan"],
  ],
  jiangxi: [
    ["南昌市", "Nanchang"],
    ["赣州市", "Ganzhou"],
    ["景德镇市", "Jingdezhen"],
    ["九江市", "Jiujiang"],
    ["上饶市", "Shangrao"],
    ["吉安市", "Ji'an"],
  ],
  shandong: [
    ["济南市", "Jinan"],
    ["青岛市", "Qingdao"],
    ["烟台市", "Yantai"],
    ["潍坊市", "Weifang"],
    ["临沂市", "Linyi"],
    ["威海市", "Weihai"],
    ["淄博市", "Zibo"],
    ["济宁市", "Jining"],
    ["聊城市", "Liaocheng"],
    ["日照市", "Rizhao"],
  ],
  henan: [
    ["郑州市", "Zhengzhou"],
    ["洛阳市", "Luoyang"],
    ["许昌市", "Xuchang"],
    ["南阳市", "Nanyang"],
    ["新乡市", "Xinxiang"],
    ["焦作市", "Jiaozuo"],
    ["商丘市", "Shangqiu"],
  ],
  hubei: [
    ["武汉市", "Wuhan"],
    ["宜昌市", "Yichang"],
    ["襄阳市", "Xiangyang"],
    ["荆州市", "Jingzhou"],
    ["黄石市", "Huangshi"],
    ["十堰市", "Shiyan"],
  ],
  hunan: [
    ["长沙市", "Changsha"],
    ["株洲市", "Zhuzhou"],
    ["湘潭市", "Xiangtan"],
    ["岳阳市", "Yueyang"],
    ["衡阳市", "Hengyang"],
    ["邵阳市", "Shaoyang"],
    ["浏阳市", "Liuyang"],
  ],
  guangdong: [
    ["广州市", "Guangzhou"],
    ["深圳市", "Shenzhen"],
    ["佛山市", "Foshan"],
    ["东莞市", "Dongguan"],
    ["中山市", "Zhongshan"],
    ["江门市", "Jiangmen"],
    ["汕头市", "Shantou"],
    ["潮州市", "Chaozhou"],
    ["揭阳市", "Jieyang"],
    ["惠州市", "Huizhou"],
  ],
  guangxi: [
    ["南宁市", "Nanning"],
    ["柳州市", "Liuzhou"],
    ["桂林市", "Guilin"],
    ["梧州市", "Wuzhou"],
    ["钦州市", "Qinzhou"],
    ["玉林市", "Yulin"],
  ],
  hainan: [
    ["海口市", "Haikou"],
    ["三亚市", "Sanya"],
    ["儋州市", "Danzhou"],
    ["琼海市", "Qionghai"],
  ],
  chongqing: [
    ["重庆市", "Chongqing"],
    ["涪陵区", "Fuling"],
    ["永川区", "Yongchuan"],
    ["璧山区", "Bishan"],
    ["万州区", "Wanzhou"],
  ],
  sichuan: [
    ["成都市", "Chengdu"],
    ["绵阳市", "Mianyang"],
    ["德阳市", "Deyang"],
    ["宜宾市", "Yibin"],
    ["泸州市", "Luzhou"],
    ["自贡市", "Zigong"],
    ["眉山市", "Meishan"],
  ],
  guizhou: [
    ["贵阳市", "Guiyang"],
    ["遵义市", "Zunyi"],
    ["安顺市", "Anshun"],
    ["毕节市", "Bijie"],
    ["黔东南州", "Qiandongnan"],
  ],
  yunnan: [
    ["昆明市", "Kunming"],
    ["玉溪市", "Yuxi"],
    ["红河州", "Honghe"],
    ["普洱市", "Pu'er"],
    ["德宏州", "Dehong"],
    ["西双版纳州", "Xishuangbanna"],
  ],
  tibet: [
    ["拉萨市", "Lhasa"],
    ["日喀则市", "Shigatse"],
    ["林芝市", "Nyingchi"],
  ],
  shaanxi: [
    ["西安市", "Xi'an"],
    ["宝鸡市", "Baoji"],
    ["咸阳市", "Xianyang"],
    ["渭南市", "Weinan"],
    ["汉中市", "Hanzhong"],
    ["延安市", "Yan'an"],
  ],
  gansu: [
    ["兰州市", "Lanzhou"],
    ["天水市", "Tianshui"],
    ["酒泉市", "Jiuquan"],
    ["定西市", "Dingxi"],
    ["张掖市", "Zhangye"],
  ],
  qinghai: [
    ["西宁市", "Xining"],
    ["海东市", "Haidong"],
    ["海西州", "Haixi"],
  ],
  ningxia: [
    ["银川市", "Yinchuan"],
    ["石嘴山市", "Shizuishan"],
    ["中卫市", "Zhongwei"],
    ["吴忠市", "Wuzhong"],
  ],
  xinjiang: [
    ["乌鲁木齐市", "Urumqi"],
    ["喀什地区", "Kashgar"],
    ["伊犁州", "Ili"],
    ["昌吉州", "Changji"],
    ["阿克苏地区", "Aksu"],
  ],
};

// Typical products of each industry: zh, en.
const PRODUCTS: Record<Industry, Array<[string, string]>> = {
  "machinery-electrical": [
    ["汽车零部件", "Auto Parts"],
    ["工程机械", "Construction Machinery"],
    ["电线电缆", "Wires and Cables"],
    ["泵阀", "Pumps and Valves"],
    ["电动工具", "Power Tools"],
    ["电子信息", "Electronics"],
    ["摩托车", "Motorcycles"],
    ["农业机械", "Farm Machinery"],
    ["船舶", "Ships"],
    ["轨道交通装备", "Rail Transit Equipment"],
    ["光伏", "Photovoltaics"],
    ["家用电器", "Home Appliances"],
  ],
  agricultural: [
    ["茶叶", "Tea"],
    ["水果", "Fruit"],
    ["蔬菜", "Vegetables"],
    ["水产品", "Aquatic Products"],
    ["食用菌", "Edible Fungi"],
    ["中药材", "Herbal Materials"],
    ["肉类", "Meat Products"],
    ["花卉", "Flowers"],
    ["粮油", "Grain and Oil"],
    ["坚果", "Nuts"],
    ["禽蛋", "Poultry and Eggs"],
    ["蜂产品", "Bee Products"],
  ],
  "light-industry-crafts": [
    ["陶瓷", "Ceramics"],
    ["家具", "Furniture"],
    ["玩具", "Toys"],
    ["箱包", "Luggage and Bags"],
    ["鞋类", "Footwear"],
    ["文具", "Stationery"],
    ["灯具", "Lighting"],
    ["工艺品", "Arts and Crafts"],
    ["乐器", "Musical Instruments"],
    ["体育用品", "Sporting Goods"],
    ["眼镜", "Eyewear"],
    ["日用塑料制品", "Household Plastics"],
  ],
  "textile-clothing": [
    ["服装", "Apparel"],
    ["针织", "Knitwear"],
    ["家纺", "Home Textiles"],
    ["丝绸", "Silk"],
    ["羊绒", "Cashmere"],
    ["牛仔服装", "Denim"],
    ["袜业", "Hosiery"],
    ["化纤面料", "Synthetic Fabrics"],
    ["童装", "Children's Wear"],
    ["羽绒制品", "Down Products"],
  ],
  medicine: [
    ["生物医药", "Biopharmaceuticals"],
    ["医疗器械", "Medical Devices"],
    ["原料药", "Active Pharmaceutical Ingredients"],
    ["中成药", "Chinese Patent Medicines"],
    ["医用耗材", "Medical Consumables"],
    ["疫苗", "Vaccines"],
    ["保健品", "Health Supplements"],
  ],
  "new-materials": [
    ["稀土材料", "Rare-Earth Materials"],
    ["化纤新材料", "Advanced Fibres"],
    ["铝材", "Aluminium Products"],
    ["镁合金", "Magnesium Alloys"],
    ["玻璃纤维", "Glass Fibre"],
    ["锂电材料", "Lithium Battery Materials"],
    ["特种钢材", "Special Steel"],
    ["碳纤维", "Carbon Fibre"],
    ["硅材料", "Silicon Materials"],
  ],
  "specialized-chemicals": [
    ["精细化工", "Fine Chemicals"],
    ["农药", "Agrochemicals"],
    ["涂料", "Coatings"],
    ["染料", "Dyes"],
    ["日用化学品", "Household Chemicals"],
    ["橡胶制品", "Rubber Products"],
    ["化工新材料", "Chemical New Materials"],
    ["香精香料", "Flavours and Fragrances"],
  ],
  "hardware-building": [
    ["五金", "Hardware"],
    ["卫浴", "Sanitary Ware"],
    ["建筑陶瓷", "Building Ceramics"],
    ["石材", "Stone"],
    ["门业", "Doors"],
    ["紧固件", "Fasteners"],
    ["不锈钢制品", "Stainless Steel Products"],
    ["建筑玻璃", "Architectural Glass"],
    ["锁具", "Locks"],
  ],
};

// The ministry recognised bases in batches; year of each batch (demo values).
const BATCH_YEARS = [2011, 2012, 2013, 2014, 2016, 2018, 2019, 2021, 2022, 2023];

export const CSV_HEADER = [
  "code",
  "slug",
  "name_zh",
  "name_en",
  "province",
  "city_zh",
  "city_en",
  "industry",
  "recognition_batch",
  "recognition_year",
  "description_zh",
  "description_en",
  "website",
];

const slugPart = (en: string) =>
  en
    .toLowerCase()
    .replace(/\(.*?\)/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

export function demoBaseRows(): string[][] {
  const rows: string[][] = [];
  const slugs = new Set<string>();
  const names = new Set<string>();
  const push = (r: { slug: string; nameZh: string; row: (code: string, batch: number) => string[] }) => {
    if (slugs.has(r.slug) || names.has(r.nameZh)) return;
    slugs.add(r.slug);
    names.add(r.nameZh);
    const n = rows.length + 1;
    rows.push(r.row(`DEMO-${String(n).padStart(4, "0")}`, 1 + (n % BATCH_YEARS.length)));
  };
  for (const b of demoBases()) {
    push({
      slug: b.slug,
      nameZh: b.nameZh,
      row: (code, batch) => [
        code,
        b.slug,
        b.nameZh,
        b.nameEn,
        b.province,
        b.cityZh,
        b.cityEn,
        b.industry,
        String(batch),
        String(BATCH_YEARS[batch - 1]),
        b.descriptionZh ?? "",
        b.descriptionEn ?? "",
        "",
      ],
    });
  }
  // Round-robin over provinces, cities and industries, so every province and industry is spread out.
  for (let round = 0; rows.length < DEMO_BASE_COUNT && round < 200; round++) {
    for (const [pi, province] of PROVINCES.entries()) {
      if (rows.length >= DEMO_BASE_COUNT) break;
      const cities = CITIES[province];
      const [cityZh, cityEn] = cities[(round + pi) % cities.length]!;
      const industry = INDUSTRIES[(round * 3 + pi) % INDUSTRIES.length]!;
      const products = PRODUCTS[industry];
      const [productZh, productEn] = products[(round + pi * 7) % products.length]!;
      const [provinceZh, provinceEn] = PROVINCE_NAMES[province]!;
      const placeZh = cityZh === provinceZh ? provinceZh : `${provinceZh}${cityZh}`;
      const placeEn = cityEn === provinceEn ? provinceEn : `${cityEn} (${provinceEn})`;
      const nameZh = `${placeZh}${productZh}国家外贸转型升级基地`;
      push({
        slug: `${province}-${slugPart(cityEn)}-${slugPart(productEn)}`,
        nameZh,
        row: (code, batch) => [
          code,
          `${province}-${slugPart(cityEn)}-${slugPart(productEn)}`,
          nameZh,
          `${placeEn} ${productEn} National Foreign Trade Transformation and Upgrading Base`,
          province,
          cityZh,
          cityEn,
          industry,
          String(batch),
          String(BATCH_YEARS[batch - 1]),
          `${placeZh}${productZh}产业集聚，基地以公共服务平台、品牌培育和跨境电商带动企业开拓国际市场。（演示数据）`,
          `${productEn} makers cluster in ${placeEn}; the base helps them reach overseas markets through a shared service platform, brand building and cross-border e-commerce. (Demo data.)`,
          batch % 4 === 0 ? `https://example.com/demo-bases/${code.toLowerCase()}` : "",
        ],
      });
    }
  }
  if (rows.length !== DEMO_BASE_COUNT) throw new Error(`generated ${rows.length} demo bases, not ${DEMO_BASE_COUNT}`);
  return rows;
}

/** RFC 4180 quoting: a cell with a comma, quote or line break is quoted, quotes doubled. */
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export function demoBasesCsv(): string {
  return [CSV_HEADER, ...demoBaseRows()].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const csv = demoBasesCsv();
  if (process.argv.includes("--check")) {
    const same = fs.existsSync(DEMO_BASES_CSV) && fs.readFileSync(DEMO_BASES_CSV, "utf8") === csv;
    console.log(same ? "docs/samples/bases-demo.csv is up to date." : "docs/samples/bases-demo.csv is stale.");
    process.exit(same ? 0 : 1);
  }
  fs.mkdirSync(path.dirname(DEMO_BASES_CSV), { recursive: true });
  fs.writeFileSync(DEMO_BASES_CSV, csv);
  console.log(`Wrote ${DEMO_BASE_COUNT} demo bases to ${path.relative(root, DEMO_BASES_CSV)}`);
  process.exit(0);
}
