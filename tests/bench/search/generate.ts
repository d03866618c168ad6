// Realistic case-study documents for the search benchmark: Chinese (~1,500
// characters) and English (~600 words) texts drawn from the vocabulary of
// foreign trade transformation and upgrading bases, with a Zipf distribution so
// common words occur in most documents and place/product names are rare.
import type { SearchDocument } from "~/search/port.ts";

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ZH_WORDS = (
  "基地 企业 发展 推动 建设 服务 平台 品牌 出口 国际 市场 提升 产业 合作 创新 质量 外贸 转型 升级 管理 " +
  "跨境电商 数字化转型 公共服务平台 产业集群 物流 人才 标准认证 外贸转型升级基地 品牌建设 海外仓 " +
  "订单 产品 技术 培训 政策 资金 园区 龙头企业 中小企业 供应链 检测 认证 展会 渠道 客户 成本 效率 " +
  "研发 设计 生产 制造 智能制造 绿色 低碳 数字 信息化 数据 系统 网络 直播 营销 电商 跨境 贸易 进口 " +
  "通关 便利化 金融 保险 信用 融资 风险 汇率 结算 税收 海关 商务 部门 政府 协会 商会 联盟 机制 体系 " +
  "规模 增长 同比 总额 美元 亿元 万元 比例 份额 竞争力 影响力 知名度 附加值 利润 订单量 出口额 " +
  "工厂 车间 设备 自动化 工艺 原材料 包装 仓储 运输 配送 冷链 港口 航线 班列 集装箱 快递 " +
  "人才培养 职业 技能 高校 科研 院所 专家 团队 孵化 创业 就业 农户 合作社 乡村 振兴 " +
  "标准 规范 专利 商标 知识产权 国际标准 团体标准 追溯 安全 环保 节能 循环 " +
  "经验 做法 成效 问题 挑战 举措 模式 路径 案例 示范 推广 复制 借鉴 典型 " +
  "通过 依托 围绕 聚焦 加强 完善 优化 深化 拓展 培育 引进 打造 构建 形成 实现 带动 促进 支持 引导 鼓励"
).split(" ");

export const ZH_RARE = (
  "义乌 晋江 佛山 东莞 宁波 温州 台州 绍兴 南通 苏州 泉州 厦门 青岛 潍坊 临沂 郑州 洛阳 成都 重庆 昆明 " +
  "陶瓷 竹木 茶叶 灯具 五金 纺织 服装 鞋帽 玩具 家具 卫浴 小商品 中药 化工 光伏 锂电 机床 电机 模具 轴承 " +
  "蜂蜜 柑橘 苹果 大蒜 菌菇 水产 珍珠 丝绸 刺绣 漆器 景泰蓝 紫砂 宣纸 毛笔 砚台 风筝 剪纸 年画 铜器 玉雕"
).split(" ");

export const EN_WORDS = (
  "the base enterprises export development platform brand international market service industry trade " +
  "foreign digital transformation cross-border e-commerce public cluster logistics talent standards certification " +
  "quality innovation cooperation upgrading management products technology training policy funding park " +
  "leading small medium supply chain testing exhibition channel customers cost efficiency research design " +
  "production manufacturing intelligent green carbon data systems network livestreaming marketing import " +
  "customs clearance finance insurance credit financing risk settlement tax government association chamber " +
  "alliance mechanism growth year percent total dollars million billion share competitiveness influence " +
  "value profit orders factory workshop equipment automation process materials packaging warehousing transport " +
  "delivery cold port shipping container rail express skills university experts team incubation employment " +
  "farmers cooperative rural patent trademark intellectual property traceability safety environmental energy " +
  "experience practice results problems challenges measures model approach case demonstration replicable lessons " +
  "through relying focusing strengthening improving optimizing expanding cultivating building forming achieving " +
  "driving promoting supporting guiding encouraging and of to in for with by on as a an its their new local overseas warehouse"
).split(" ");

export const EN_RARE = (
  "Yiwu Jinjiang Foshan Dongguan Ningbo Wenzhou Taizhou Shaoxing Nantong Suzhou Quanzhou Xiamen Qingdao Weifang " +
  "Linyi Zhengzhou Luoyang Chengdu Chongqing Kunming ceramics bamboo tea lighting hardware textiles garments footwear " +
  "toys furniture sanitary pharmaceuticals chemicals photovoltaic lithium machinery motors moulds bearings honey citrus " +
  "garlic mushrooms seafood pearls silk embroidery lacquerware cloisonne porcelain"
).split(" ");

export const TOPICS = [
  ["branding", "品牌建设"],
  ["digitization", "数字化转型"],
  ["public-services", "公共服务"],
  ["cluster", "产业集群"],
  ["innovation", "创新"],
  ["logistics", "物流"],
  ["talent", "人才"],
  ["standards", "标准认证"],
  ["ecommerce", "跨境电商"],
  ["finance", "金融"],
] as const;
export const INDUSTRIES = ["机电", "农产品", "轻工工艺", "纺织服装", "医药", "新型材料", "专用化学品", "五金建材"];
export const PROVINCES =
  "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆".split(
    " ",
  );
export const STAGES = ["pilot", "growing", "mature", "replicated"];

/** Zipf-like pick: rank r has weight 1/(r+1)^s. */
function zipfPicker(n: number, s: number, rand: () => number): () => number {
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) cum.push((total += 1 / Math.pow(i + 1, s)));
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function makeGenerator(seed = 42) {
  const rand = rng(seed);
  const zhPick = zipfPicker(ZH_WORDS.length, 1.0, rand);
  const enPick = zipfPicker(EN_WORDS.length, 1.0, rand);
  const int = (n: number) => Math.floor(rand() * n);
  const zhWord = () => (rand() < 0.01 ? ZH_RARE[int(ZH_RARE.length)]! : ZH_WORDS[zhPick()]!);
  const enWord = () => (rand() < 0.01 ? EN_RARE[int(EN_RARE.length)]! : EN_WORDS[enPick()]!);

  function zhText(chars: number): string {
    let out = "";
    while (out.length < chars) {
      const n = 6 + int(10);
      for (let i = 0; i < n; i++) out += zhWord() + (i === n - 1 ? "" : rand() < 0.15 ? "，" : "");
      out += "。";
    }
    return out;
  }
  function enText(words: number): string {
    const out: string[] = [];
    while (out.length < words) {
      const n = 8 + int(12);
      const s: string[] = [];
      for (let i = 0; i < n; i++) s.push(enWord());
      s[0] = s[0]![0]!.toUpperCase() + s[0]!.slice(1);
      out.push(...s.slice(0, -1), s[n - 1] + ".");
    }
    return out.join(" ");
  }

  const t0 = Date.UTC(2021, 0, 1);
  return function doc(n: number): SearchDocument {
    const zh = rand() < 0.65;
    const topics = [...new Set([TOPICS[int(TOPICS.length)]!, TOPICS[int(TOPICS.length)]!])];
    const place = zh ? ZH_RARE[int(20)]! : EN_RARE[int(20)]!;
    return {
      id: `case-${n}`,
      kind: "case",
      fields: {
        title: zh ? `${place}${zhText(14).replace(/[，。]/g, "")}` : `${place} ${enText(8).replace(/\./g, "")}`,
        summary: zh ? zhText(100) : enText(40),
        topics: topics.map((t) => (zh ? t[1] : t[0])),
        body: zh ? zhText(1500) : enText(600),
        topic: topics.map((t) => t[0]),
        industry: INDUSTRIES[int(INDUSTRIES.length)]!,
        province: PROVINCES[int(PROVINCES.length)]!,
        base: `base-${1 + int(578)}`,
        stage: STAGES[int(STAGES.length)]!,
        publishedAt: t0 + int(5 * 365) * 86_400_000,
        helpful: Math.floor(Math.pow(rand(), 3) * 500),
      },
    };
  };
}
