// Demo case studies: 34 practitioner-style write-ups, half in Chinese and half in
// English, spread over all nine topics, all eight industries and all three
// stages, each published under a demo base whose industry fits the story.
// Everything here is invented for the demo (isDemo = true on every case); the
// numbers are plausible, not reported figures.
//
// The cases are written as plain TypeScript: paragraphs are strings with a tiny
// inline markup (**bold**, *italic*, [text](https://…)) and small builders turn
// them into Tiptap JSON of the case extension set. They are stored through the
// same model functions the edit form uses (createDraft → publishCase), so a demo
// case is exactly what a member could have written.
//
// Relative imports: this file also runs under plain `tsx` from the Prisma CLI.
import sharp from "sharp";
import { prisma } from "../app/utils/db.server.ts";
import { createDraft, publishCase } from "../app/models/case.server.ts";
import {
  CasePublishSchema,
  SECTIONS,
  contentFromInput,
  type CaseContent,
  type Metric,
  type SectionName,
  type Stage,
} from "../app/models/case-content.ts";
import { storeImage } from "../app/models/upload.server.ts";
import { caseDocId, enqueueSearchDocs } from "../app/models/search-outbox.server.ts";
import { isEmptyDoc, validateDoc } from "../app/editor/validate.server.ts";
import { seedTopicsIfEmpty } from "./topics.ts";

// ---------------------------------------------------------------- builders

type Mark = { type: "bold" } | { type: "italic" } | { type: "link"; attrs: { href: string } };
interface TextNode {
  type: "text";
  text: string;
  marks?: Mark[];
}
export interface Block {
  type: string;
  attrs?: Record<string, unknown>;
  content?: Array<Block | TextNode>;
}

/** Inline text with **bold**, *italic* and [label](https://…) links. */
function inline(source: string): TextNode[] {
  const out: TextNode[] = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*|\[(.+?)\]\((https:\/\/[^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m.index > last) out.push({ type: "text", text: source.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ type: "text", text: m[1], marks: [{ type: "bold" }] });
    else if (m[2] !== undefined) out.push({ type: "text", text: m[2], marks: [{ type: "italic" }] });
    else out.push({ type: "text", text: m[3]!, marks: [{ type: "link", attrs: { href: m[4]! } }] });
    last = m.index + m[0].length;
  }
  if (last < source.length) out.push({ type: "text", text: source.slice(last) });
  return out;
}

const p = (text: string): Block => ({ type: "paragraph", content: inline(text) });
const h3 = (text: string): Block => ({ type: "heading", attrs: { level: 3 }, content: inline(text) });
const items = (list: string[]): Block[] => list.map((t) => ({ type: "listItem", content: [p(t)] }));
const ul = (...list: string[]): Block => ({ type: "bulletList", content: items(list) });
const ol = (...list: string[]): Block => ({ type: "orderedList", content: items(list) });
const quote = (...paras: string[]): Block => ({ type: "blockquote", content: paras.map(p) });
function table(head: string[], rows: string[][]): Block {
  const cell = (type: "tableHeader" | "tableCell", text: string): Block => ({ type, content: [p(text)] });
  return {
    type: "table",
    content: [
      { type: "tableRow", content: head.map((t) => cell("tableHeader", t)) },
      ...rows.map((r) => ({ type: "tableRow", content: r.map((t) => cell("tableCell", t)) })),
    ],
  };
}
/** A section: plain strings are paragraphs. */
const doc = (blocks: Array<Block | string>): Block => ({
  type: "doc",
  content: blocks.map((b) => (typeof b === "string" ? p(b) : b)),
});

const m = (label: string, before: string, after: string, unit: string, source: string): Metric => ({
  label,
  before,
  after,
  unit,
  source,
});

// ---------------------------------------------------------------- cases

type Sections = Record<SectionName, Array<Block | string>>;
type ImageKind = "bars" | "line" | "photo-warehouse" | "photo-lab";

export interface DemoCase {
  /** Stable key: the draft's clientKey, so a repeated run finds the same draft. */
  key: string;
  lang: "zh" | "en";
  /** A demo base's slug (prisma/seed.ts). */
  base: string;
  title: string;
  titleEn?: string;
  summary: string;
  summaryEn?: string;
  topics: string[];
  stage: Stage;
  period: [number, number | null];
  metrics: Metric[];
  sections: Sections;
  /** A generated picture inserted into one section, after its `after`-th block. */
  image?: { kind: ImageKind; section: SectionName; after: number; alt: string };
  /** A second revision: what changed and why. */
  revision?: {
    note: string;
    metrics?: Metric[];
    summary?: string;
    append?: { section: SectionName; blocks: Array<Block | string> };
  };
}

export const DEMO_CASES: DemoCase[] = [
  // ============================================================ 中文案例
  {
    key: "yiwu-public-overseas-warehouses",
    lang: "zh",
    base: "zhejiang-yiwu-small-commodities",
    title: "义乌小商品出口企业共建共用公共海外仓",
    titleEn: "Shared public overseas warehouses for Yiwu small-commodity exporters",
    summary:
      "基地联合物流龙头和行业协会，在中东、中亚和拉美布局公共海外仓，按件计费、统一清关，让没有能力自建仓库的中小商户也能做“海外现货”，头程加尾程物流成本平均下降约三成。",
    summaryEn:
      "The base, a logistics leader and trade associations run shared overseas warehouses in the Middle East, Central Asia and Latin America. Small traders pay per item and clear customs together, cutting door-to-door logistics costs by about 30%.",
    topics: ["cross-border-ecommerce", "logistics"],
    stage: "scaled",
    period: [2020, 2023],
    metrics: [
      m("单件平均物流成本", "18.6", "12.9", "元/件", "基地管委会统计"),
      m("使用公共海外仓的企业", "46", "612", "家", "基地公共服务中心台账"),
      m("海外订单平均交付时间", "35", "9", "天", "海外仓运营方系统数据"),
      m("经海外仓出口额", "2,300", "41,500", "万美元", "基地管委会统计"),
    ],
    sections: {
      background: [
        "义乌市场经营主体以个体工商户和小微企业为主，单票货值低、品类杂、批次多。过去商户大多依赖外商上门采购和拼箱直发，货物到港后还要等待买家自提，交付周期常常超过一个月，海外客户也很难小批量补货。",
        "2019年前后，中东和拉美的批发商开始要求“当地有货、一周到店”。少数大企业自建了海外仓，但一个仓库的租金、人员和系统投入动辄数百万元，对年出口额几十万美元的商户来说既不划算，也没有能力管理。",
      ],
      approach: [
        h3("政府引导、企业运营、按件付费"),
        "基地没有自己投资建仓，而是通过公开遴选确定三家有海外网络的物流企业作为运营方，基地对首年仓租给予一定比例补贴，换取三项承诺：对所有义乌商户开放、公开统一的收费标准、与基地公共服务平台打通数据。",
        ul(
          "**统一入口**：商户在基地公共服务平台上预约入仓，填一次报关和装箱信息，系统自动生成市场采购贸易报关单和海外仓入库单。",
          "**拼柜头程**：同一目的地的货物每周固定两班拼柜，单个商户最少一箱起运。",
          "**当地清关和尾程**：运营方在迪拜、阿拉木图、圣保罗等地统一办理清关，尾程配送按件计费。",
          "**退换货和滞销处理**：海外仓提供贴标、换包装和本地二次销售，减少退运回国的损失。",
        ),
        "行业协会负责组织同品类商户“抱团入仓”，并牵头制定了包装、标签和产品资料的统一要求，减少了因标签不合规造成的清关延误。",
      ],
      results: [
        "四年间，使用公共海外仓的企业从46家增加到600多家，以日用百货、节庆用品和五金小件为主。海外客户可以按周补货，商户的订单从“整柜一次性”变成了“小批量多频次”，资金周转明显加快。",
        table(
          ["指标", "2020年", "2023年"],
          [
            ["公共海外仓数量", "3个", "14个"],
            ["覆盖国家", "3个", "11个"],
            ["平均库存周转天数", "96天", "41天"],
          ],
        ),
        "由于拼柜和统一清关，单件物流成本从18.6元降到12.9元；平均交付时间从35天缩短到9天左右。",
      ],
      replicability: [
        "这一模式适合出口主体分散、单票货值较低、目的市场相对集中的产业带。关键前提有三条：当地已有一定规模的出口商户基础，能让拼柜稳定满载；有愿意开放服务的物流企业；基地能提供统一的信息平台和报关便利。",
        "对于出口以大宗整柜为主的基地，公共海外仓的拼柜优势不明显，更适合从退换货中心或展示仓做起。",
      ],
      lessons: [
        "补贴要和开放承诺挂钩。早期有一家运营方把优质仓位优先留给自己的大客户，基地随后在协议中加入了仓位分配的透明规则和季度考核。",
        quote(
          "海外仓不是建起来就有货，难的是让几百家小商户愿意把货交出去。统一的标签和资料要求，比补贴更能降低他们的顾虑。",
        ),
      ],
    },
    image: { kind: "bars", section: "results", after: 0, alt: "各年度单件物流成本对比柱状图（演示）" },
    revision: {
      note: "补充2024年上半年数据，修正交付时间口径（由下单日改为入仓日起算）。",
      metrics: [
        m("单件平均物流成本", "18.6", "12.1", "元/件", "基地管委会统计（截至2024年6月）"),
        m("使用公共海外仓的企业", "46", "688", "家", "基地公共服务中心台账"),
        m("海外订单平均交付时间", "35", "8", "天", "海外仓运营方系统数据（自入仓日起算）"),
        m("经海外仓出口额", "2,300", "41,500", "万美元", "基地管委会统计"),
      ],
      append: {
        section: "results",
        blocks: [
          "2024年上半年，新增沙特吉达和墨西哥蒙特雷两个公共仓，入仓商户增加到688家。需要说明的是，交付时间此前按下单日计算，本次统一改为自货物入仓日起算，便于与其他基地比较。",
        ],
      },
    },
  },
  {
    key: "yiwu-merchant-digital-orders",
    lang: "zh",
    base: "zhejiang-yiwu-small-commodities",
    title: "市场商户订单数字化：从手写单据到一键报关",
    summary:
      "基地公共服务平台为市场商户免费提供订单、备货和报关一体化的轻量工具，用手机即可开单、拼柜和生成报关资料。两年内近九千户商户上线，单票报关资料准备时间从半天缩短到二十分钟。",
    topics: ["digitization", "public-services"],
    stage: "implemented",
    period: [2022, 2024],
    metrics: [
      m("上线商户", "0", "8,730", "户", "基地公共服务平台后台"),
      m("单票报关资料准备时间", "4", "0.3", "小时", "抽样调查（120户）"),
      m("报关单据差错率", "6.8", "1.1", "%", "报关行反馈统计"),
    ],
    sections: {
      background: [
        "义乌市场的大量商户仍用手写“码单”记录外商订货，再由外贸公司或报关行整理成装箱单和报关资料。一个订单经过三四次转抄，品名、数量和规格的差错很常见，货物到了港口才发现单证不符，只能改单重报。",
        "市面上的外贸管理软件大多面向中型以上企业，价格和操作复杂度都不适合夫妻店式的商户。商户需要的是一个足够简单、手机上就能用、并且能和市场采购贸易联网信息平台对接的工具。",
      ],
      approach: [
        "基地把这个工具定位为公共服务，而不是商业产品：由基地公共服务中心牵头，委托本地软件企业开发，商户免费使用，数据归商户所有。",
        ol(
          "**开单**：商户在摊位上用手机拍照录入商品，选择外商后生成电子订单，外商扫码确认。",
          "**备货和拼柜**：同一外商在多个摊位的订单自动汇总，货代按柜型给出拼柜方案。",
          "**报关资料**：系统按市场采购贸易的要求生成商品清单，品名和编码从基地维护的常用商品库中选择，减少归类错误。",
          "**对账**：收汇信息回传后，订单自动标记完成，商户可以导出月度流水用于融资。",
        ),
        "为让年龄偏大的商户也能用起来，基地组织了“商户数字化辅导员”队伍，由市场管理人员和职业院校学生组成，逐个楼层上门教学。",
      ],
      results: [
        "两年内共有8,730户商户上线，占市场外贸商户的三成左右。报关资料准备时间从平均4小时缩短到约20分钟，报关行反馈的单据差错率由6.8%降到1.1%。",
        "订单数据沉淀下来以后，两家合作银行基于真实流水为商户提供了纯信用的小额贷款，累计放款超过3亿元。",
      ],
      replicability: [
        "适用于以市场采购贸易或小额多批次出口为主的专业市场。可复制的核心是“免费工具 + 上门辅导 + 标准化商品库”三件事一起做，单做软件很难推广。",
        "商品库的维护需要长期投入，建议由基地或行业协会专人负责，并与海关归类专家建立定期沟通机制。",
      ],
      lessons: [
        "最初版本功能太多，商户学不会。第二版砍掉了一半菜单，只保留开单、拼柜和报关三个按钮，使用率才明显上升。数据归属要在用户协议中写清楚，否则商户担心订单信息外泄，不愿意录入。",
      ],
    },
  },
  {
    key: "changsha-overseas-service-network",
    lang: "zh",
    base: "hunan-changsha-construction-machinery",
    title: "工程机械“产品+服务”出海：共建海外备件中心与服务网络",
    titleEn: "Construction machinery abroad: shared spare-parts centres and service networks",
    summary:
      "基地推动整机龙头与配套企业在东南亚、中东、非洲共建备件中心和服务站，备件由单家企业储备改为共享库存，海外设备平均停机等待时间由12天缩短到3天，后市场服务收入占出口额比重明显提高。",
    summaryEn:
      "Leading machine makers and their suppliers share spare-parts centres and service stations in Southeast Asia, the Middle East and Africa. Average downtime waiting for parts fell from 12 days to 3, and after-sales revenue grew as a share of exports.",
    topics: ["logistics", "industrial-cluster"],
    stage: "scaled",
    period: [2019, 2024],
    metrics: [
      m("海外设备平均停机等待时间", "12", "3", "天", "企业服务系统统计"),
      m("共享备件中心", "2", "17", "个", "基地管委会统计"),
      m("入驻备件中心的配套企业", "9", "86", "家", "基地管委会统计"),
      m("后市场服务收入占出口额比重", "4.5", "11.2", "%", "重点企业填报"),
    ],
    sections: {
      background: [
        "长沙工程机械整机出口增长很快，但海外用户最常见的抱怨不是价格，而是“坏了等不到件”。挖掘机、起重机一旦停机，用户每天损失数千美元，而一个液压件从国内空运过去往往需要一到两周。",
        "过去每家整机企业各自在海外设点，配套企业的零部件只能跟着整机企业的仓库走，库存重复、品类不全的问题同时存在：热门件经常断货，冷门件又积压多年。",
      ],
      approach: [
        "基地牵头成立工程机械出海服务联盟，由两家整机龙头开放其海外仓库的部分库位，配套企业以寄售方式入库，实现“一个仓、多家货”。",
        ul(
          "**共享库存**：液压件、发动机附件、履带和滤芯等通用件统一编码，多家整机企业共用一个安全库存。",
          "**区域服务站**：在印尼、沙特、阿联酋、肯尼亚等地与当地代理商共建服务站，服务工程师由整机企业统一培训认证。",
          "**远程诊断**：设备回传运行数据，服务站根据故障预警提前备件。",
        ),
        "基地协调海关对寄售出口的备件采取集中申报，并联合保险机构开发了海外备件库存保险，降低配套企业的寄售风险。",
      ],
      results: [
        "到2024年，共享备件中心由2个增加到17个，入驻的配套企业86家。海外设备平均停机等待时间从12天降至3天，常用件的当地满足率超过90%。",
        "服务改善直接带动了复购：重点企业在东南亚的老客户复购率提高了约15个百分点，后市场服务收入占出口额的比重由4.5%提高到11.2%。",
      ],
      replicability: [
        "适用于装备类、耐用品类出口比重高、需要长期售后服务的基地，如农机、商用车、电梯、发电设备等。前提是至少有一两家愿意开放海外网络的龙头企业，以及相对统一的零部件编码标准。",
      ],
      lessons: [
        "共享库存最难的是“谁先用、谁付钱”。联盟用了一年时间才把库存所有权、调拨价格和损耗分摊规则谈清楚，建议其他基地在开仓前就把这些规则写进协议。",
        "服务站的人才是瓶颈。单靠派驻国内工程师成本太高，当地技师的培训认证必须同步推进。",
      ],
    },
  },
  {
    key: "wuhan-optical-standards",
    lang: "zh",
    base: "hubei-wuhan-optoelectronics",
    title: "光通信企业参与国际标准制定的组织方式",
    summary:
      "基地设立标准化服务专员，组织光纤光缆和光器件企业抱团参与国际电工委员会和国际电信联盟相关工作组，集中培养标准人才、共享提案资源。三年内企业牵头或参与的国际标准项目由3项增加到19项。",
    topics: ["standards-certification", "innovation"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [
      m("牵头或参与的国际标准项目", "3", "19", "项", "基地标准化服务中心"),
      m("注册国际标准组织专家", "5", "27", "人", "基地标准化服务中心"),
      m("参与企业", "2", "14", "家", "基地标准化服务中心"),
    ],
    sections: {
      background: [
        "光纤光缆和光模块是园区的主要出口产品，海外运营商在招标中普遍以国际标准作为技术门槛。企业虽然技术积累深厚，但过去基本是“标准的使用者”，对正在起草的标准了解滞后，产品经常需要在标准发布后被动修改。",
        "参与国际标准工作的成本不低：需要熟悉规则、外语好、技术过硬的专家，每年多次出国参会，还要长期跟踪文稿。除了一两家龙头企业，大多数中小企业无力单独承担。",
      ],
      approach: [
        "基地在公共服务中心设立标准化服务专员岗位，围绕[国际电工委员会](https://www.iec.ch)和[国际电信联盟](https://www.itu.int)的相关工作组做三件事：一是整理议题清单，每季度向企业通报；二是组织企业联合提出提案，统一准备英文文稿；三是与高校合作开设“国际标准实务”培训班。",
        ul(
          "提案由一家企业牵头、多家企业提供测试数据，共同署名，分担参会成本。",
          "对新注册的国际标准组织专家，基地给予一定的参会差旅补助，并安排资深专家“带会”。",
          "在园区建设光纤测试方法比对实验室，为提案提供可复现的测试数据。",
        ),
      ],
      results: [
        "三年间，园区企业牵头或参与的国际标准项目由3项增加到19项，其中牵头项目5项，涉及光缆机械性能测试和光模块可靠性等方向。注册国际标准组织专家由5人增加到27人，参与企业由2家扩大到14家。",
        "企业反映，提前参与起草使产品设计周期平均缩短了两三个月，在海外运营商招标中的技术答疑也更有底气。",
      ],
      replicability: [
        "适合技术密集、出口市场依赖国际标准的产业，如电子信息、医疗器械和新能源装备。关键是有一个中立的组织者，把分散的企业需求整合成有分量的提案；单靠补贴效果有限。",
      ],
      lessons: [
        "国际标准是长期工作，一项标准从立项到发布通常需要三到五年。基地应以培养稳定的专家队伍为核心目标，而不是追求短期的项目数量。",
      ],
    },
  },
  {
    key: "shouguang-seedling-know-how",
    lang: "zh",
    base: "shandong-shouguang-vegetables",
    title: "种苗和设施种植技术随产品一起“走出去”",
    titleEn: "Exporting seedlings together with greenhouse know-how",
    summary:
      "基地组织种苗企业、设施装备企业和农技人员组成服务团队，向中亚和中东客户输出“种苗+温室+种植方案”的整体服务，既卖种苗，也卖技术。种苗和设施出口额四年增长近五倍。",
    summaryEn:
      "Seedling nurseries, greenhouse makers and agronomists work as one team, selling Central Asian and Middle Eastern customers seedlings, greenhouses and growing plans as a package. Exports of seedlings and greenhouse equipment grew almost fivefold in four years.",
    topics: ["innovation", "branding-quality"],
    stage: "scaled",
    period: [2019, 2023],
    metrics: [
      m("种苗及设施装备出口额", "1,850", "10,600", "万美元", "海关统计及企业填报"),
      m("海外示范园", "1", "12", "个", "基地管委会统计"),
      m("外派农技人员", "6", "138", "人次/年", "基地管委会统计"),
      m("客户续约率", "—", "78", "%", "服务团队回访"),
    ],
    sections: {
      background: [
        "寿光的设施蔬菜技术在国内很成熟，但出口长期以鲜菜和脱水菜为主，利润薄、受运输半径限制。与此同时，哈萨克斯坦、乌兹别克斯坦和中东一些国家在大力发展温室农业，当地缺的不是温室钢架，而是会种菜的人和适合当地气候的品种。",
        "早期有企业单独出口温室设备，但由于不提供种植指导，客户第一季产量不理想，后续订单也就断了。",
      ],
      approach: [
        "基地牵头组建了“寿光种植方案”服务团队，按项目组合种苗、设施、水肥一体化设备和农技人员，对客户提供从设计、建设到前两季种植托管的整体服务。",
        ol(
          "在客户所在地建设示范温室，先用一季时间验证品种和种植参数。",
          "种苗企业针对当地光照和水质筛选品种，并在国内完成嫁接育苗后空运或冷链运输。",
          "农技人员驻场指导两季，同时培训当地种植工人，编写当地语言的操作手册。",
          "托管期结束后，通过远程视频巡棚和季度回访继续服务。",
        ),
        "基地对首个海外示范园给予补贴，并与出口信用保险机构合作，为整体服务合同提供收汇保障。",
      ],
      results: [
        "四年间，种苗及设施装备出口额由1,850万美元增长到1.06亿美元，海外示范园由1个增加到12个。客户续约率达到78%，不少客户在第二年追加了温室面积。",
        "技术服务本身也成为收入来源：服务团队按面积收取的种植托管费，已占整体合同金额的8%左右。",
      ],
      replicability: [
        "适合在种植、养殖或加工技术上有明显优势、但产品本身难以远距离运输的农业基地。需要具备能够长期驻外的农技队伍，以及愿意在合同中承担种植效果责任的企业。",
      ],
      lessons: [
        "不同国家的水质、电价和劳动力成本差别很大，国内的种植参数不能照搬。示范温室的一季验证看似拖慢了进度，却大大减少了后续纠纷。",
      ],
    },
  },
  {
    key: "puer-tea-cross-border-pilot",
    lang: "zh",
    base: "yunnan-puer-tea",
    title: "普洱茶跨境电商试点：小包装、讲故事、做复购",
    summary:
      "基地选取12家茶企试点面向欧美和东南亚消费者的跨境电商零售，统一开发小规格包装和多语种冲泡说明，通过茶园直播讲述产地故事。试点一年，零售渠道出口额占试点企业出口比重从不足3%提高到17%。",
    topics: ["cross-border-ecommerce", "branding-quality"],
    stage: "pilot",
    period: [2023, null],
    metrics: [
      m("试点企业零售渠道出口占比", "2.8", "17", "%", "试点企业填报"),
      m("海外消费者复购率", "—", "31", "%", "店铺后台数据"),
      m("试点企业", "0", "12", "家", "基地管委会统计"),
    ],
    sections: {
      background: [
        "普洱茶出口长期以大宗散茶和茶饼为主，通过贸易商销往港澳和东南亚华人市场，终端价格高但企业拿到的利润有限，海外年轻消费者对普洱茶也几乎没有认知。",
        "不少茶企尝试过跨境电商，但357克的传统茶饼对外国消费者来说“太大、太硬、不知道怎么喝”，上架后销量很差。",
      ],
      approach: [
        "基地请专业设计机构与茶企一起重新设计了面向海外的产品：单次冲泡的小沱茶、便携茶包和入门礼盒，配以英、法、泰三种语言的冲泡说明和二维码视频。",
        ul(
          "统一申请农残检测和重金属检测，检测报告在店铺页面公开。",
          "由基地组织茶园直播，展示古树茶园、采摘和压制过程，讲清楚产地和年份。",
          "与海外仓合作备货，欧美订单从本地发货，三到五天送达。",
        ),
      ],
      results: [
        "试点一年，12家企业的跨境零售出口额占其出口总额的比重从2.8%提高到17%，海外消费者复购率达到31%，评价中提到最多的是“包装方便”和“有检测报告让人放心”。",
      ],
      replicability: [
        "适合茶叶、咖啡、香料等需要“教育消费者”的特色农产品。关键是针对海外消费习惯改造产品形态，并用可验证的质量信息建立信任。",
      ],
      lessons: [
        "试点仍在进行，目前看来最大的成本是内容制作和海外广告投放。基地计划下一步把直播和短视频制作集中到公共服务平台，降低单家企业的投入。",
      ],
    },
  },
  {
    key: "zhengzhou-frozen-food-cold-chain",
    lang: "zh",
    base: "henan-zhengzhou-flour-foods",
    title: "速冻面米食品搭乘中欧班列冷链专列出口",
    summary:
      "基地联合班列运营公司和冷链物流企业，开行速冻食品冷链专列和冷藏集装箱拼箱服务，解决速冻水饺、汤圆等产品出口欧洲运输时间长、海运冷箱紧张的问题。到欧洲的运输时间由约40天缩短到18天左右。",
    topics: ["logistics"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [
      m("至欧洲主要城市运输时间", "40", "18", "天", "班列运营公司统计"),
      m("冷链班列发运冷藏箱", "0", "1,460", "标箱/年", "班列运营公司统计"),
      m("速冻食品对欧出口额", "3,200", "7,900", "万美元", "海关统计"),
    ],
    sections: {
      background: [
        "郑州是全国重要的速冻面米食品生产基地，产品主要销往欧洲和北美的华人超市及亚洲食品连锁。海运冷箱需要零下18℃全程温控，运输时间长达40天左右，2021年前后还遇到冷箱紧张、运价大幅上涨的问题。",
        "中欧班列时效快，但当时冷藏箱在铁路上的供电、温度监控和途经国检验手续都不成熟，企业不敢用。",
      ],
      approach: [
        "基地协调班列运营公司、冷链物流企业和海关，分三步推进：",
        ol(
          "先以自带电源的冷藏箱做三次试运行，全程记录温度，验证在冬季和夏季的稳定性。",
          "试运行成功后，每周固定开行冷链拼箱班次，中小企业可按托盘订舱。",
          "海关对冷链货物实行提前申报、抵港直提，并与途经国口岸协调检验检疫资料的互认。",
        ),
        "温度数据通过物联网设备实时上传，企业和海外客户都能在手机上查看。",
      ],
      results: [
        "运输时间由约40天缩短到18天左右，全程温度偏差控制在±2℃以内。冷链班列年发运冷藏箱1,460标箱，速冻食品对欧出口额三年增长约1.5倍。",
        "由于时效缩短，企业可以为海外客户推出保质期较短的新品，产品结构也更丰富了。",
      ],
      replicability: [
        "适合内陆地区的冷冻食品、乳制品、鲜果等温控产品出口。需要有稳定开行的班列线路和足够的货量支撑固定班次，初期可由多地基地联合集货。",
      ],
      lessons: [
        "铁路冷链的运价仍高于海运，只有对时效敏感或高附加值的产品才划算。基地建议企业把班列和海运结合使用：新品、旺季补货走班列，常规货走海运。",
      ],
    },
  },
  {
    key: "jinjiang-digital-sampling",
    lang: "zh",
    base: "fujian-jinjiang-footwear",
    title: "鞋企数字化设计与3D打样公共平台",
    summary:
      "基地建设鞋类3D设计与数字打样公共平台，为中小鞋企提供三维建模、虚拟试穿和快速打样服务。海外客户看样周期由平均21天缩短到5天，单款打样成本下降约六成，平台服务企业超过400家。",
    topics: ["digitization", "innovation"],
    stage: "scaled",
    period: [2020, 2024],
    metrics: [
      m("海外客户确认样品周期", "21", "5", "天", "平台服务记录"),
      m("单款打样成本", "1,200", "480", "元", "平台服务记录"),
      m("服务企业", "35", "412", "家", "基地公共服务平台"),
      m("实物样品寄送量（指数）", "100", "38", "2020年=100", "平台服务记录"),
    ],
    sections: {
      background: [
        "晋江鞋企为海外品牌做代工和自主品牌出口，一个新款从设计到客户确认，往往要来回寄送三四轮实物样品，每轮一周左右。疫情期间海外客户无法来华看样，这一问题更加突出。",
        "大企业已经在用三维设计软件，但软件授权、建模人员和3D打印设备对中小企业来说投入过高。",
      ],
      approach: [
        "基地与本地职业院校和软件服务商共建公共平台，提供三项服务：",
        table(
          ["服务", "内容", "收费方式"],
          [
            ["三维建模", "根据设计稿或实物扫描建立鞋楦和鞋面模型", "按款计费"],
            ["虚拟看样", "生成可旋转的三维效果和配色方案，客户在线批注", "包年服务"],
            ["快速打样", "3D打印鞋底和鞋跟，缩短开模前的确认环节", "按件计费"],
          ],
        ),
        "平台同时开设建模培训班，为企业培养自己的数字设计人员，培训合格的学员优先推荐到企业就业。",
      ],
      results: [
        "海外客户确认样品的周期从平均21天缩短到5天左右，单款打样成本由1,200元下降到480元，实物样品寄送量减少六成以上。平台累计服务企业412家，其中七成是年出口额在500万美元以下的中小企业。",
      ],
      replicability: [
        "适合服装、箱包、家具、灯具等款式更新快、打样成本高的行业。平台可以由基地出资建设，再委托专业机构市场化运营；培训和人才输送是保证平台持续有客户的关键。",
      ],
      lessons: [
        "虚拟看样不能完全代替实物，尤其是材质手感和脚感。平台的定位是减少打样轮次，而不是取消打样，这一点要和海外客户提前沟通。",
      ],
    },
  },
  {
    key: "guzhen-lighting-testing-centre",
    lang: "zh",
    base: "guangdong-guzhen-lighting",
    title: "灯饰产品检测认证公共服务平台的建设与运营",
    titleEn: "Running a shared testing and certification platform for lighting exporters",
    summary:
      "基地引进第三方检测机构，在镇内建成覆盖安全、电磁兼容、光生物安全和能效的灯饰检测平台，帮助中小企业一站式办理欧盟、北美、澳洲等市场认证。认证周期平均缩短一半，检测费用下降约三成。",
    summaryEn:
      "A third-party lab in town now tests lighting for safety, EMC, photobiological safety and energy efficiency, so small exporters get EU, North American and Australian certificates in one place. Certification takes half as long and testing costs about 30% less.",
    topics: ["standards-certification", "public-services"],
    stage: "scaled",
    period: [2018, 2023],
    metrics: [
      m("出口认证平均周期", "45", "22", "天", "平台业务系统"),
      m("单个产品检测费用", "1.6", "1.1", "万元", "平台收费记录"),
      m("年检测服务批次", "2,100", "9,800", "批次", "平台业务系统"),
      m("出口产品因不合格被通报次数", "37", "9", "次/年", "海外通报信息整理"),
    ],
    sections: {
      background: [
        "古镇有上万家灯饰企业，九成以上是中小企业。出口欧盟、北美和澳洲需要取得安全、电磁兼容和能效等多项认证，过去企业要把样品送到广州、深圳甚至国外检测，来回一个多月，费用也高。",
        "一些企业为了赶交期，抱着侥幸心理不做完整检测，结果产品在海外被通报召回，不仅损失订单，还影响了整个产业带的声誉。",
      ],
      approach: [
        "基地提供场地和部分设备，通过公开招标引进两家具有国际认可资质的第三方检测机构，共建检测平台，约定面向中小企业的价格上限和服务时限。",
        ul(
          "**一站式受理**：企业提交一次样品，平台根据目标市场列出需要的全部测试项目。",
          "**预检服务**：在正式检测前提供低价预检，帮助企业在开模前发现设计问题。",
          "**标准宣讲**：每月举办海外标准和法规更新讲座，解读生态设计、能效标签等新规。",
          "**不合格分析**：对被海外通报的产品进行原因分析，形成典型问题清单供全镇企业参考。",
        ),
      ],
      results: [
        "出口认证的平均周期由45天缩短到22天，单个产品检测费用平均下降约三成。平台年检测服务批次由2,100批增加到9,800批，古镇灯饰产品被海外通报的次数由每年37次下降到9次。",
      ],
      replicability: [
        "适合产品需要强制认证、企业数量多而规模小的产业带，如小家电、电动工具、玩具。关键在于检测机构的国际资质和对中小企业的价格承诺；基地在合同中保留对价格和服务时限的考核权很重要。",
      ],
      lessons: [
        "预检服务的作用比预想的更大：很多问题在设计阶段改正只需几百元，到了量产阶段就要整批返工。建议其他基地把预检作为公共服务的重点。",
      ],
    },
  },
  {
    key: "changshu-apparel-ecommerce-park",
    lang: "zh",
    base: "jiangsu-changshu-clothing",
    title: "服装产业带跨境电商园区：从“档口批发”到“品牌直营”",
    summary:
      "基地依托服装专业市场建设跨境电商产业园，提供选品数据、摄影直播、海外仓和退货处理等配套服务，引导档口商户开设跨境店铺。三年间入园企业跨境零售出口额年均增长超过60%。",
    topics: ["cross-border-ecommerce", "digitization"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [
      m("入园跨境电商企业", "42", "356", "家", "园区运营方统计"),
      m("跨境零售出口额", "6,800", "28,400", "万美元", "园区运营方统计"),
      m("退货处理周期", "30", "7", "天", "园区退货中心数据"),
    ],
    sections: {
      background: [
        "常熟服装城以批发为主，过去外贸依赖外商到档口采购，商户对海外终端消费者的尺码、款式偏好知之甚少。跨境电商兴起后，一些年轻商户开始尝试，但普遍面临拍摄成本高、海外退货难处理等问题。",
      ],
      approach: [
        "基地在服装城旁改造闲置厂房建成跨境电商产业园，引入专业运营机构，把商户自己做不好的环节集中成公共服务：",
        ul(
          "选品数据服务：按周发布主要海外平台的热销款式、面料和尺码数据。",
          "共享摄影棚和直播间：按小时预约，配备外籍模特资源。",
          "海外退货中心：在美国和欧洲设立退货处理点，质检后重新上架或就地折价销售。",
          "跨境电商培训：与本地高校合作开设运营、视觉设计和海外营销课程。",
        ),
      ],
      results: [
        "三年间入园企业由42家增加到356家，跨境零售出口额由6,800万美元增长到2.84亿美元。海外退货处理周期由约30天缩短到7天，退货重新上架率达到六成。",
      ],
      replicability: [
        "适用于专业市场型的轻工、纺织产业带。园区的价值在于公共服务而不是房租，建议运营方考核以入园企业的出口增长为主要指标。",
      ],
      lessons: [
        "服装跨境电商的退货率较高，海外退货中心是留住商户的关键设施。尺码表的本地化也很重要，不少退货只是因为尺码换算不准确。",
      ],
    },
    revision: {
      note: "增加2024年度园区人才培训数据，补充尺码本地化的具体做法。",
      append: {
        section: "lessons",
        blocks: [
          "2024年园区与服装协会一起整理了欧美主要市场的尺码对照表，按品类提供给商户免费使用，相关退货率下降了约四个百分点。同年园区共培训跨境电商运营人员1,200余人次。",
        ],
      },
    },
  },
  {
    key: "qinghe-cashmere-traceability",
    lang: "zh",
    base: "hebei-qinghe-cashmere",
    title: "羊绒制品可追溯与可持续认证试点",
    summary:
      "面对欧洲品牌商对原料来源和动物福利的要求，基地组织羊绒企业试点从牧场、分梳到成衣的全程追溯，并协助企业取得国际可持续羊绒认证。试点企业对欧订单单价平均提高约12%。",
    topics: ["standards-certification", "branding-quality"],
    stage: "pilot",
    period: [2023, null],
    metrics: [
      m("取得可持续羊绒认证的企业", "0", "7", "家", "基地管委会统计"),
      m("试点企业对欧订单平均单价", "100", "112", "指数（试点前=100）", "试点企业填报"),
      m("可追溯批次占比", "0", "46", "%", "追溯平台数据"),
    ],
    sections: {
      background: [
        "清河羊绒分梳和制品加工规模很大，但原料来自多个产区、经多级收购商汇集，批次来源很难说清。近年欧洲品牌商在采购合同中普遍要求提供原料来源证明和动物福利认证，一些企业因为无法提供而失去订单。",
      ],
      approach: [
        "基地选择7家有稳定原料渠道的企业开展试点，与内蒙古、新疆的合作牧场签订长期收购协议，在收绒、分梳、纺纱和织造环节逐批登记重量和批号。",
        ul(
          "建立追溯平台，每个批次生成唯一编码，成品吊牌上的二维码可以查询到牧场所在地区。",
          "邀请认证机构对牧场和工厂进行联合审核，基地承担首次审核费用的一半。",
          "组织企业参加欧洲面料展，集中展示认证产品。",
        ),
      ],
      results: [
        "试点一年多来，7家企业取得国际可持续羊绒认证，可追溯批次占其产量的46%。试点企业对欧订单的平均单价提高约12%，有两家企业进入了欧洲中高端品牌的供应商名录。",
      ],
      replicability: [
        "适合原料来源分散、海外客户关注供应链透明度的纺织和农产品加工行业。前提是企业能与上游建立相对稳定的收购关系，否则追溯只能停留在纸面上。",
      ],
      lessons: [
        "追溯的难点在上游：牧户分散、习惯现金交易，登记工作量大。试点中由合作社统一收绒、统一登记，效果比企业直接对接牧户好得多。",
      ],
    },
  },
  {
    key: "taizhou-international-registration",
    lang: "zh",
    base: "zhejiang-taizhou-pharmaceuticals",
    title: "原料药和制剂国际注册公共服务平台",
    titleEn: "A shared service for international registration of APIs and finished doses",
    summary:
      "基地组建国际注册公共服务平台，为中小药企提供美国药物主文件、欧洲药典适用性证书和世界卫生组织预认证等申报辅导、模拟检查和翻译服务。五年间企业新获国际注册文号数量增长约三倍，迎检一次通过率明显提高。",
    summaryEn:
      "A shared registration service coaches small drug makers through US DMFs, European CEPs and WHO prequalification, with mock inspections and translation. New international registrations roughly quadrupled in five years and more inspections passed first time.",
    topics: ["public-services", "standards-certification"],
    stage: "scaled",
    period: [2019, 2024],
    metrics: [
      m("企业新获国际注册数量", "21", "86", "个/年", "基地医药产业服务中心"),
      m("境外官方检查一次通过率", "62", "91", "%", "基地医药产业服务中心"),
      m("使用平台服务的企业", "8", "57", "家", "平台服务台账"),
      m("平均申报准备周期", "14", "8", "个月", "平台服务台账"),
    ],
    sections: {
      background: [
        "台州原料药出口规模大，但高端市场对药品注册和质量体系要求严格。一份完整的申报资料动辄上千页，还要经得起境外药监机构的现场检查。龙头企业有专门的国际注册团队，中小企业则大多依赖外部咨询公司，费用高、质量参差不齐。",
        "过去几年，个别企业在境外检查中被发现数据完整性问题，收到警告信，影响了整个产业的出口形象。",
      ],
      approach: [
        "基地联合行业协会和本地医药院校，组建国际注册公共服务平台，平台工作人员由有跨国药企注册和质量管理经验的专业人员组成。",
        ol(
          "**差距评估**：对企业的质量体系和数据管理进行免费的初步评估，列出整改清单。",
          "**申报辅导**：按目标市场提供资料模板和审核服务，帮助企业自己写资料，而不是代写。",
          "**模拟检查**：邀请退休的境外检查员和资深质量专家进行全流程模拟检查。",
          "**共享翻译和法规数据库**：集中采购专业医药翻译和法规更新服务。",
        ),
        "基地对通过国际注册的企业给予奖励，但奖励与检查结果挂钩：收到警告信的企业三年内不得享受。",
      ],
      results: [
        "五年间，企业每年新获国际注册数量由21个增加到86个，使用平台服务的企业达到57家。境外官方检查一次通过率由62%提高到91%，平均申报准备周期由14个月缩短到8个月。",
      ],
      replicability: [
        "适合医药、医疗器械、食品添加剂等需要境外注册的行业。平台的核心资源是有经验的专业人员，可以通过项目制聘用和与高校合作培养两条途径解决。",
      ],
      lessons: [
        "数据完整性是检查中问题最多的环节，仅靠申报前突击整改是不够的。平台后来把数据管理培训作为常态课程，面向企业的质量部门和车间班组长。",
        quote("注册是结果，质量体系才是根本。我们坚持“帮企业自己写”，就是希望企业在这个过程中把体系真正建起来。"),
      ],
    },
    image: { kind: "line", section: "results", after: 0, alt: "企业每年新获国际注册数量变化折线图（演示）" },
  },
  {
    key: "anguo-herb-traceability",
    lang: "zh",
    base: "hebei-anguo-herbal-medicine",
    title: "中药材出口质量追溯体系建设",
    summary:
      "基地以专业市场为中心建设中药材追溯平台，从种植基地、初加工、仓储到出口批次逐环节记录，并配套建设农残和重金属快检室。出口批次检测合格率由93%提高到99.2%，追溯批次可在海外客户端扫码查询。",
    topics: ["digitization", "standards-certification"],
    stage: "implemented",
    period: [2020, 2024],
    metrics: [
      m("出口批次检测合格率", "93", "99.2", "%", "基地检测中心统计"),
      m("纳入追溯的种植基地面积", "0.8", "12.6", "万亩", "追溯平台数据"),
      m("出口中药材货值", "5,600", "9,300", "万美元", "海关统计"),
    ],
    sections: {
      background: [
        "安国中药材专业市场汇集了全国多个产区的药材，出口主要面向日本、韩国、东南亚和欧洲。海外客户对农残、重金属和硫磺熏蒸等指标越来越严格，而市场内的药材往往经过多次转手，一旦检测超标，很难追查到源头。",
      ],
      approach: [
        "基地分两步建设追溯体系：第一步在市场内建设快检室，所有出口批次先行检测；第二步与周边和外省的种植基地签约，建立从种植到出口的电子台账。",
        ul(
          "种植环节记录地块、种源、施肥用药和采收时间。",
          "初加工和仓储环节记录加工方式、干燥温度和库位。",
          "出口批次汇总上游信息并附检测报告，生成追溯码。",
        ),
        "基地与行业协会共同制定了出口中药材的团体标准，对追溯信息的必填项和检测项目作出统一规定。",
      ],
      results: [
        "出口批次检测合格率由93%提高到99.2%，纳入追溯的种植基地面积达到12.6万亩。有了追溯码，海外客户的验厂和审核时间明显缩短，出口货值四年增长约66%。",
      ],
      replicability: [
        "适用于中药材、茶叶、香辛料等经专业市场集散、供应链较长的农产品。快检室是见效最快的投入，可以先行建设；追溯平台需要和标准、合同约束一起推进。",
      ],
      lessons: [
        "单靠市场端的检测只能“拦住”问题，不能“减少”问题。把检测结果反馈给种植基地，并与收购价格挂钩，才让上游真正改变了用药习惯。",
      ],
    },
  },
  {
    key: "zibo-materials-pilot-plant",
    lang: "zh",
    base: "shandong-zibo-new-materials",
    title: "新材料中试公共平台试点：让实验室成果更快走向海外客户",
    summary:
      "基地利用闲置厂房建设先进陶瓷和高分子材料中试平台，为中小企业和高校团队提供小批量试制、性能检测和海外客户送样服务。试点期内已有23个项目完成中试，其中9个项目取得海外订单。",
    topics: ["innovation", "public-services"],
    stage: "pilot",
    period: [2023, null],
    metrics: [
      m("完成中试的项目", "0", "23", "个", "中试平台台账"),
      m("取得海外订单的项目", "0", "9", "个", "中试平台台账"),
      m("从样品到批量供货的平均时间", "18", "10", "个月", "项目企业填报"),
    ],
    sections: {
      background: [
        "淄博在先进陶瓷和高分子材料方面有较好的研发基础，但很多成果停在实验室阶段。海外客户在下单前通常要求提供数百公斤的试用样品和完整的性能数据，中小企业没有中试线，只能找外地企业代工，周期长、技术保密也有风险。",
      ],
      approach: [
        "基地以“政府建设、专业运营、按次收费”的方式建设中试平台，配置粉体处理、成型、烧结和挤出造粒等通用设备，并设立性能检测室。",
        ul(
          "入驻项目签订保密协议，工艺参数归项目方所有。",
          "平台配备工艺工程师，帮助团队把实验室配方放大到公斤级和百公斤级。",
          "基地外贸服务中心协助准备英文技术资料，对接海外展会和客户送样。",
        ),
      ],
      results: [
        "试点期内，平台完成中试项目23个，涉及氮化硅陶瓷球、特种工程塑料和耐高温涂层等方向，其中9个项目取得了海外客户订单。项目方反映，从首次送样到批量供货的时间由平均18个月缩短到10个月左右。",
      ],
      replicability: [
        "适合研发资源较多、中小企业集中的新材料和精细化工基地。设备选择要以通用性为主，避免为单个项目定制；运营团队的工艺经验比设备更重要。",
      ],
      lessons: [
        "中试平台的设备利用率在第一年只有四成左右。后来平台主动到高校和企业“找项目”，并推出中试与检测打包价格，利用率才逐步提高。",
      ],
    },
  },
  {
    key: "shangyu-reach-consortium",
    lang: "zh",
    base: "zhejiang-shangyu-fine-chemicals",
    title: "精细化工企业联合应对欧盟化学品注册",
    titleEn: "Fine-chemical makers sharing the cost of EU chemical registration",
    summary:
      "基地牵头组织染料和中间体企业组成注册联合体，共享测试数据、共同委托唯一代表，分摊欧盟化学品注册费用。参与企业平均每个物质的注册成本下降约45%，避免了因注册缺失导致的出口中断。",
    summaryEn:
      "Dye and intermediate makers formed a consortium to share test data, jointly appoint an only representative and split EU registration fees. Registration cost per substance fell by about 45% and no member lost exports for want of a registration.",
    topics: ["standards-certification", "public-services"],
    stage: "implemented",
    period: [2018, 2022],
    metrics: [
      m("每个物质平均注册成本", "42", "23", "万元", "联合体财务统计"),
      m("参与企业", "6", "31", "家", "联合体成员名录"),
      m("完成注册的物质", "19", "148", "个", "联合体台账"),
    ],
    sections: {
      background: [
        "上虞的染料和中间体大量出口欧洲。欧盟化学品法规要求按吨位完成注册，每个物质需要提交大量毒理和生态毒理测试数据，单个企业独立注册一个物质的费用可达数十万元，对品种多、单品出口量不大的中小企业压力很大。",
      ],
      approach: [
        "基地委托专业机构对企业的出口物质清单进行梳理，找出多家企业共同出口的物质，组织成立注册联合体。",
        ul(
          "**数据共享**：同一物质的测试由联合体统一委托，数据在成员间按约定比例共享。",
          "**共同唯一代表**：联合体共同委托欧盟境内的唯一代表，按物质和吨位分摊费用。",
          "**法规跟踪**：定期通报[欧洲化学品管理局](https://echa.europa.eu)发布的高关注物质清单和限制清单的变化，提前评估替代方案。",
        ),
        "费用分摊规则由成员大会表决通过，按出口吨位和加入时间分档计算，晚加入的企业需支付一定的数据补偿费。",
      ],
      results: [
        "联合体成员由6家扩大到31家，累计完成148个物质的注册。每个物质的平均注册成本由42万元下降到23万元，期间没有成员因注册缺失而中断对欧出口。",
      ],
      replicability: [
        "适合化工、涂料、塑料助剂等面临境外化学品法规的行业。联合体的运行需要清晰的费用分摊规则和数据使用协议，建议在成立之初由律师参与起草。",
      ],
      lessons: [
        "企业之间既是合作者也是竞争者，数据共享一开始阻力很大。由第三方机构保管数据、成员只看到结论，是打消顾虑的关键安排。",
      ],
    },
  },
  {
    key: "nanan-plumbing-certification",
    lang: "zh",
    base: "fujian-nanan-plumbing",
    title: "水暖卫浴企业海外认证服务站与质量分级",
    summary:
      "基地在检测平台基础上设立海外认证服务站，帮助水龙头和阀门企业取得饮用水接触材料和节水认证，并推行企业内部的质量分级。取得海外认证的企业数量三年翻了近三倍，获证企业产品出口单价高出行业平均约两成。",
    topics: ["standards-certification", "branding-quality"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [
      m("取得海外认证的企业", "28", "104", "家", "基地检测平台统计"),
      m("获证产品出口单价较行业平均", "—", "+21", "%", "企业填报与海关数据对比"),
      m("认证辅导平均周期", "9", "5", "个月", "认证服务站台账"),
    ],
    sections: {
      background: [
        "南安水暖企业数量多，产品以中低端为主。欧美市场对与饮用水接触的产品有铅析出等严格要求，很多企业因为没有认证，只能通过贸易商以低价出口，利润很薄。",
      ],
      approach: [
        "基地依托已有的水暖检测公共服务平台，增设海外认证服务站，与多家国际认证机构合作，在本地完成大部分测试项目，并提供工厂审核前的辅导。",
        ul(
          "针对铅析出问题，组织材料企业和铸造企业开展低铅铜合金工艺攻关。",
          "按企业质量管理水平和认证情况分为三级，在展会和采购对接中向海外客户推荐一级企业。",
          "与保险机构合作推出产品质量责任险，降低企业进入高端市场的风险。",
        ),
      ],
      results: [
        "三年间取得海外认证的企业由28家增加到104家，认证辅导的平均周期由9个月缩短到5个月。获证产品的出口单价比行业平均高出约21%，一批企业开始以自有品牌进入欧美建材零售渠道。",
      ],
      replicability: [
        "适用于产品需要进入境外强制性认证目录的五金、建材、家电行业。质量分级让海外采购商有了“选择依据”，对基地整体形象的提升作用明显。",
      ],
      lessons: [
        "认证只是门槛，稳定的工艺才是关键。部分企业获证后在量产中出现铅析出超标，基地随后把年度抽检纳入了分级管理。",
      ],
    },
  },
  {
    key: "yunfu-stone-cnc-talent",
    lang: "zh",
    base: "guangdong-yunfu-stone",
    title: "石材数控加工人才订单班试点",
    summary:
      "基地联合本地职业技术学院和龙头石材企业开设数控加工与石材设计订单班，学生在企业车间完成一半课时，毕业即上岗。首批两届共培养学员186人，留岗率达到83%，企业高端定制产品交付能力明显提升。",
    topics: ["talent", "innovation"],
    stage: "pilot",
    period: [2022, null],
    metrics: [
      m("订单班培养学员", "0", "186", "人", "职业技术学院统计"),
      m("毕业一年后留岗率", "—", "83", "%", "合作企业回访"),
      m("高端定制订单交付周期", "60", "38", "天", "合作企业填报"),
    ],
    sections: {
      background: [
        "云浮石材企业正从板材加工转向海外酒店、住宅的高端定制项目，这类项目依赖数控雕刻和三维设计。企业普遍反映招不到会编程、懂石材的年轻技术工人，老师傅经验丰富但不熟悉数控设备。",
      ],
      approach: [
        "基地牵头，由职业技术学院和8家龙头企业共同制定订单班培养方案，课程分为三大模块：",
        ol(
          "石材材料与工艺基础，由企业老师傅授课。",
          "三维建模和数控编程，在学院实训中心完成。",
          "真实项目实战，学生分组参与企业海外定制订单的设计和加工。",
        ),
        "企业承担学生在校期间的部分学费和实习补贴，学生毕业后在合作企业服务不少于两年。",
      ],
      results: [
        "首批两届订单班共培养学员186人，毕业一年后留岗率83%。合作企业高端定制订单的交付周期由平均60天缩短到38天，其中有学员参与设计的海外酒店项目获得了客户好评。",
      ],
      replicability: [
        "适合技术升级快、岗位技能要求明确的制造业基地。订单班的成功取决于企业真正参与课程设计和教学，而不是只提供实习岗位。",
      ],
      lessons: [
        "试点中发现，一部分学生在实习期就被其他企业高薪挖走。基地正在推动合作企业统一实习补贴标准，并与学院共建技能等级认定，让学员的成长路径更清晰。",
      ],
    },
  },

  // ============================================================ English cases
  {
    key: "shunde-appliance-brand-incubator",
    lang: "en",
    base: "guangdong-shunde-home-appliances",
    title: "From OEM to own brands: a shared brand incubator for appliance makers",
    summary:
      "A brand incubator run by the base helps mid-sized appliance makers register trademarks abroad, design for local kitchens and open distributor networks in Southeast Asia and the Gulf. Own-brand exports of the 64 participating firms tripled in five years.",
    topics: ["branding-quality", "innovation"],
    stage: "scaled",
    period: [2019, 2024],
    metrics: [
      m("Own-brand share of exports (participating firms)", "14", "37", "%", "Base statistics, firm reports"),
      m(
        "Own-brand exports (participating firms)",
        "USD 190 million",
        "USD 610 million",
        "",
        "Customs data 2019 and 2024",
      ),
      m("Overseas trademark registrations", "120", "940", "marks", "Incubator records"),
      m("Participating firms", "11", "64", "firms", "Incubator records"),
    ],
    sections: {
      background: [
        "Shunde makes a large share of the world's small kitchen appliances, but for most local firms the customer is a foreign brand that owns the design, the shelf space and most of the margin. A handful of large groups built their own brands abroad years ago; the hundreds of mid-sized makers behind them did not have the people or the money to try.",
        "When several overseas buyers moved orders to cheaper locations in 2018–2019, firms that depended on a single OEM customer felt it first. The base set out to give them a second leg to stand on.",
      ],
      approach: [
        h3("What the incubator offers"),
        ul(
          "**Trademark and design protection**: a shared IP desk files marks through the Madrid system and watches for look-alikes in target markets; the base covers part of the first filing fees.",
          "**Design for the market**: industrial designers and user researchers who study kitchens in Vietnam, Indonesia, Saudi Arabia and the UAE, and turn that into product briefs (voltage, plug types, capacity, cooking habits).",
          "**Distribution**: a shared showroom in Dubai and Ho Chi Minh City and a list of vetted distributors, with the base hosting buyer visits twice a year.",
          "**After-sales**: spare parts and repair partners shared by incubator members, so a young brand can promise a warranty it can keep.",
        ),
        "Firms join for three years and commit to spend at least 3% of export revenue on their brand. They keep their OEM business; the incubator does not ask them to choose.",
      ],
      results: [
        "Among the 64 firms that joined, own-brand exports grew from about USD 190 million to USD 610 million, and the own-brand share of their exports rose from 14% to 37%. Overseas trademark registrations went from 120 to 940.",
        "Margins matter more than volume here: firms report gross margins on own-brand products roughly 8–12 points higher than on OEM orders of the same product.",
      ],
      replicability: [
        "The model suits clusters with strong manufacturing and design capacity but little brand ownership: furniture, lighting, power tools, footwear. It needs a few firms willing to go first and a base that can fund the shared desks for several years before results show.",
      ],
      lessons: [
        "Trademark squatting was the first problem several firms hit: their names had already been registered in target markets by local traders. File before you exhibit.",
        "*Brand building is slow.* The incubator lost a third of its first cohort in year two, mostly firms that expected OEM-sized orders within months. Setting expectations at the start, and publishing the numbers of those who stayed, helped later cohorts.",
      ],
    },
  },
  {
    key: "tianjin-ebike-testing-centre",
    lang: "en",
    base: "tianjin-bicycles",
    title: "An e-bike testing centre on the cluster's doorstep",
    summary:
      "The base and a third-party lab opened a testing centre for bicycles and e-bikes covering the European, UK and US safety standards, battery and charger tests included. Certification now takes about four weeks instead of ten, and recalls of local products in the EU fell sharply.",
    topics: ["standards-certification", "public-services"],
    stage: "implemented",
    period: [2020, 2023],
    metrics: [
      m("Time to certificate (EU e-bike)", "10", "4", "weeks", "Testing centre records"),
      m("Cost per certification", "CNY 68,000", "CNY 41,000", "", "Testing centre price list"),
      m("Firms using the centre", "0", "143", "firms", "Testing centre records"),
      m("EU safety alerts on local products", "23", "6", "per year", "EU alert system, compiled by the base"),
    ],
    sections: {
      background: [
        "Tianjin's bicycle cluster shifted quickly toward e-bikes after 2019, driven by European demand. E-bikes must meet the European standard for *pedelecs* (pedal-assisted bicycles), and the battery, charger and electromagnetic compatibility need their own tests. Until 2020 firms shipped samples to labs in the south or in Europe, waited two to three months and often failed on details they could have fixed in a week.",
        "A string of EU safety alerts for frame cracks and battery overheating on products from the region also made buyers cautious.",
      ],
      approach: [
        "The base provided a building and part of the equipment; a lab accredited for the relevant standards was selected by tender to run the centre, with a price cap for small firms and a turnaround commitment written into the contract.",
        table(
          ["Test area", "What is covered"],
          [
            ["Frame and fork fatigue", "Pedalling, horizontal and vertical loads, impact"],
            ["Brakes", "Wet and dry braking distance, brake lever force"],
            ["Electrical", "Motor cut-off, maximum assisted speed, EMC"],
            ["Battery and charger", "Transport and safety tests for lithium batteries, charger safety"],
          ],
        ),
        "Engineers from the centre run a monthly clinic where firms bring a prototype and get an informal pre-check before they freeze the design.",
      ],
      results: [
        "Time to a European e-bike certificate dropped from about ten weeks to four, and the average cost per certification from CNY 68,000 to CNY 41,000. By the end of 2023, 143 firms had used the centre. EU safety alerts naming products from the cluster fell from 23 a year to 6.",
      ],
      replicability: [
        "Works wherever many small firms export products that need third-party safety testing. The contract with the operator is the part to get right: price caps, turnaround times and an obligation to run pre-checks and training, not only paid tests.",
      ],
      lessons: [
        "Fatigue rigs were the expensive part and the bottleneck in the first year; booking them weeks ahead became normal. Buy capacity for where the cluster will be in three years, not where it is.",
      ],
    },
    image: {
      kind: "photo-lab",
      section: "approach",
      after: 1,
      alt: "Frame fatigue rigs in the testing hall (generated demo picture)",
    },
  },
  {
    key: "chongqing-overseas-technicians",
    lang: "en",
    base: "chongqing-motorcycles",
    title: "Training motorcycle service technicians for overseas dealers",
    summary:
      "A pilot with two vocational colleges trains mechanics from dealers in Southeast Asia, Africa and Latin America, in Chongqing and in partner workshops abroad. Warranty claims caused by wrong repairs are down by a third among dealers whose staff completed the course.",
    topics: ["talent"],
    stage: "pilot",
    period: [2023, null],
    metrics: [
      m("Overseas technicians certified", "0", "420", "people", "College training records"),
      m("Warranty claims from faulty repairs (trained dealers)", "100", "67", "index", "Manufacturer warranty data"),
      m("Partner workshops abroad", "0", "5", "workshops", "Base records"),
    ],
    sections: {
      background: [
        "Chongqing's motorcycle makers sell millions of bikes a year in markets where the dealer's workshop is the brand. Many of those workshops are run by self-taught mechanics. With fuel injection and electric models replacing carburettor bikes, wrong diagnoses and wrong parts became the most common reason for warranty claims and unhappy customers.",
      ],
      approach: [
        "The base funded a joint programme of two vocational colleges and four manufacturers. The colleges wrote the curriculum with the makers' service departments; the makers supply engines, diagnostic tools and trainers.",
        ul(
          "A four-week course in Chongqing for senior mechanics, who then train others at home.",
          "Two-week courses in partner workshops in Vietnam, Nigeria, Colombia, the Philippines and Egypt, taught by college staff together with local instructors.",
          "Course material in English, French, Spanish and Vietnamese, with short repair videos that technicians can watch on a phone.",
          "A common certificate recognised by all four manufacturers, so a mechanic trained on one brand is not locked to it.",
        ),
      ],
      results: [
        "In the first eighteen months 420 technicians were certified. Among dealers whose staff completed the course, warranty claims caused by faulty repairs are down by about a third. The colleges report that the programme also improved their own teaching of electronic fuel systems.",
      ],
      replicability: [
        "Relevant to any base that exports machines that need skilled service: agricultural machinery, generators, e-bikes. The shared certificate across brands was what made dealers willing to send people.",
      ],
      lessons: [
        "Visa and travel costs made the Chongqing course hard to scale; the partner workshops abroad now carry most of the volume. Recruit local instructors early, or the programme stays dependent on flying teachers out.",
      ],
    },
  },
  {
    key: "yantai-apple-grading-cold-chain",
    lang: "en",
    base: "shandong-yantai-apples",
    title: "Optical grading and a shared cold chain for export apples",
    summary:
      "Cooperatives and packers in Yantai share optical grading lines and controlled-atmosphere stores, and ship by reefer container under a single quality grade. Export prices per tonne rose about 20% and rejection at destination fell from 6% to under 1%.",
    topics: ["logistics", "branding-quality"],
    stage: "scaled",
    period: [2018, 2023],
    metrics: [
      m("Average export price", "1,050", "1,260", "USD per tonne", "Customs data 2018 and 2023"),
      m("Rejections at destination", "6.1", "0.8", "%", "Packer records"),
      m("Controlled-atmosphere storage shared", "30,000", "210,000", "tonnes", "Base statistics"),
    ],
    sections: {
      background: [
        "Yantai apples are well known in China, but in Southeast Asia and the Middle East they competed mainly on price. Small growers sold to traders who mixed fruit of different sizes and qualities in one carton; importers responded with claims, discounts and rejected containers.",
        "Storage was the other problem. Without controlled-atmosphere stores, growers had to sell in the three months after harvest, when prices are lowest.",
      ],
      approach: [
        "The base co-financed optical grading lines at six packing houses on the condition that they grade fruit from any cooperative at a published fee. Grading measures size, colour, sugar content and internal defects; each carton carries a code for the orchard block and the grade.",
        "Controlled-atmosphere stores were built next to the packing houses and are rented by the tonne. A shared booking system lets exporters combine lots from several cooperatives into one reefer container.",
        ul(
          "One written export grade standard, agreed by the packers and published in Chinese and English.",
          "Temperature loggers in every container; the data goes to the importer with the documents.",
          "A common regional mark that only graded, traceable fruit may carry.",
        ),
      ],
      results: [
        "Between 2018 and 2023 the average export price rose from about USD 1,050 to USD 1,260 per tonne. Rejections at destination fell from 6.1% to 0.8%. Shared controlled-atmosphere capacity grew to 210,000 tonnes, so growers now sell through to the following summer.",
      ],
      replicability: [
        "Suits any fresh-produce base where many small growers sell through traders. The requirement that shared lines serve all cooperatives at a published fee is what keeps them from becoming one packer's private advantage.",
      ],
      lessons: [
        "The grade standard took longer to agree than the equipment took to install. Start the standard discussion first, with importers in the room if possible.",
      ],
    },
    revision: {
      note: "Added the 2024 season and a note on the regional mark after importer feedback.",
      append: {
        section: "results",
        blocks: [
          "In the 2024 season two importers in the Gulf began listing fruit by the regional mark on their shelf labels, the first time the mark reached consumers rather than only buyers.",
        ],
      },
    },
  },
  {
    key: "ningxia-goji-quality-standard",
    lang: "en",
    base: "ningxia-zhongning-goji",
    title: "A published quality standard that goji buyers can check",
    summary:
      "Growers, processors and the base wrote a group standard for dried goji berries covering pesticide residues, sulphur and grading, backed by a shared lab and batch codes. Rejected export batches fell from 9% to 1.5% and EU-bound volume doubled.",
    topics: ["standards-certification", "branding-quality"],
    stage: "implemented",
    period: [2020, 2024],
    metrics: [
      m("Rejected export batches", "9", "1.5", "%", "Base lab and exporter records"),
      m("Exports to the EU", "2,100", "4,300", "tonnes", "Customs data 2020 and 2024"),
      m("Firms applying the standard", "12", "58", "firms", "Standard registry"),
    ],
    sections: {
      background: [
        "Zhongning goji is sold in health-food shops in Europe and North America, where buyers test for pesticide residues and sulphur dioxide. A few failed batches in 2018–2019 led importers to test every consignment from the region, adding cost and weeks of delay for everyone.",
      ],
      approach: [
        "The base brought growers' cooperatives, processors and the county agricultural bureau together to write a group standard. It sets residue limits at the level of the strictest major importing market, bans sulphur fumigation, and defines grades by berry count per 50 grams.",
        ul(
          "A shared lab at the base runs the residue panel for every export batch at a subsidised fee.",
          "Batch codes link a carton to the drying house and the growers who supplied it.",
          "Firms that fail twice in a year lose the right to use the regional mark for six months.",
        ),
        "The standard is published in Chinese and English, and the lab reports are available to importers by batch code.",
      ],
      results: [
        "Rejected export batches fell from 9% to 1.5%. Two large European importers dropped their extra testing for batches carrying the code, and exports to the EU roughly doubled to 4,300 tonnes.",
      ],
      replicability: [
        "Works for dried fruit, herbs, tea and spices where residue failures damage the reputation of a whole region. The standard only carries weight if failures have consequences; the six-month suspension rule was contested but kept.",
      ],
      lessons: [
        "Set limits to the strictest market from the start. An earlier draft had different limits for different destinations, which made the batch codes meaningless to buyers who resell across markets.",
      ],
    },
  },
  {
    key: "wuchang-rice-origin-tracing",
    lang: "en",
    base: "heilongjiang-wuchang-rice",
    title: "Origin tracing and brand protection for premium rice",
    summary:
      "Field registration, sealed milling and a code on every bag let buyers check that rice sold under the Wuchang name really comes from the region. Overseas listings of counterfeit product fell, and export prices for traced rice are about 35% above untraced rice.",
    topics: ["branding-quality", "digitization"],
    stage: "scaled",
    period: [2018, 2024],
    metrics: [
      m("Export price premium of traced rice", "0", "35", "%", "Base statistics, exporter invoices"),
      m("Registered paddy fields", "0.6", "2.1", "million mu", "Tracing platform"),
      m("Counterfeit listings removed from overseas sites", "—", "1,240", "listings", "Base IP desk"),
    ],
    sections: {
      background: [
        "Rice from Wuchang fetches a premium at home and among overseas Chinese communities, and far more rice is sold under the name than the region produces. Importers in Singapore, Malaysia and Australia told exporters they could not tell the real product from the copies and would not pay more for a claim they could not check.",
      ],
      approach: [
        "Every paddy field that supplies the brand is registered with its location, area and variety; the expected harvest caps the number of codes issued for that field. Mills that may use the regional mark are licensed and their packing lines sealed, so codes cannot be printed elsewhere.",
        "Each bag carries a code; scanning it shows the field, harvest date and milling date. The base's IP desk monitors overseas marketplaces and files takedown requests against listings that use the name without valid codes.",
      ],
      results: [
        "Registered fields grew to 2.1 million mu. Exporters report a price premium of about 35% for traced rice over untraced rice of the same variety, and 1,240 counterfeit listings were removed from overseas sites in six years.",
      ],
      replicability: [
        "The approach fits any product with a valuable regional name: tea, fruit, seafood, ceramics. Capping codes by expected harvest is simple and does most of the work; the technology behind the code matters less.",
      ],
      lessons: [
        "Growers first saw registration as paperwork. Paying a small premium for registered paddy in the first two seasons, before the export premium showed, got them on board.",
      ],
    },
  },
  {
    key: "zunyi-chili-price-index",
    lang: "en",
    base: "guizhou-zunyi-chili",
    title: "A daily chili price index and online export desk",
    summary:
      "The base publishes a daily price index for dried chili from its wholesale market and runs an online desk that matches overseas food processors with graded lots. Early results: more direct sales abroad and fewer price disputes.",
    topics: ["digitization", "cross-border-ecommerce"],
    stage: "pilot",
    period: [2024, null],
    metrics: [
      m("Direct export buyers", "14", "61", "buyers", "Export desk records"),
      m("Price disputes on export contracts", "22", "7", "per quarter", "Export desk records"),
      m("Graded lots listed online", "0", "1,850", "lots", "Export desk records"),
    ],
    sections: {
      background: [
        "Zunyi's chili market sets prices for much of the country, but the prices were only known to those on the trading floor. Overseas sauce makers and spice importers bought through intermediaries who added margin and often disputed quality after shipment.",
      ],
      approach: [
        "Market staff record transaction prices for six standard grades every day; the base publishes the index online in Chinese and English. Sellers who want to export list graded lots on an online desk with photos, moisture and capsaicin test results.",
        ul(
          "Grades are checked by the market's own lab before a lot is listed.",
          "Contracts reference the published index, which settles most price disputes before they start.",
          "Small lots can be combined into one container through a consolidator at the market.",
        ),
      ],
      results: [
        "In the first year of the pilot, the number of overseas buyers buying directly grew from 14 to 61, and price disputes on export contracts fell from 22 to 7 a quarter. Sellers say the index also helps them decide when to hold stock.",
      ],
      replicability: [
        "Any base with a central wholesale market can publish an index at low cost. The lab grading behind the listings is what makes overseas buyers trust an online offer.",
      ],
      lessons: [
        "Traders worried the index would expose their margins. Publishing only grade-level averages, never individual deals, made it acceptable.",
      ],
    },
  },
  {
    key: "dehua-ceramic-design-talent",
    lang: "en",
    base: "fujian-dehua-ceramics",
    title: "Training ceramic designers with the county's vocational college",
    summary:
      "The base, the local vocational college and thirty workshops built a design track that pairs students with master craftsmen and foreign-market briefs. Graduates now design a quarter of the new export lines of participating firms.",
    topics: ["talent", "branding-quality"],
    stage: "implemented",
    period: [2019, 2024],
    metrics: [
      m("Design-track graduates", "0", "540", "people", "College records"),
      m("New export lines designed by graduates", "0", "26", "%", "Participating firms"),
      m("Average export price of new lines", "100", "134", "index (2019 = 100)", "Firm invoices"),
    ],
    sections: {
      background: [
        "Dehua's white porcelain workshops are excellent at making things and had long relied on buyers to tell them what to make. Designers trained at the big art academies rarely came back to the county, and the master craftsmen were ageing.",
      ],
      approach: [
        "The vocational college opened a three-year design track with the base and thirty workshops. Students spend the second year in workshops under a master craftsman and work on real briefs from overseas buyers: tableware for Nordic restaurants, incense holders for Japan, seasonal figurines for US retailers.",
        ul(
          "Masters teach at the college one day a week, paid by the base.",
          "Each brief ends with a review by the buyer, in person or online.",
          "Students keep credit for their designs in the firm's catalogue, which helps them build a portfolio.",
        ),
      ],
      results: [
        "The track has graduated 540 students; about 70% work in Dehua. In participating firms, graduates designed 26% of the new export lines in 2024, and those lines sell at prices about a third higher than the firms' older catalogue.",
      ],
      replicability: [
        "Relevant to craft clusters where making skills are strong and design is weak. The pairing with masters keeps the training rooted in what the local kilns can actually produce.",
      ],
      lessons: [
        "The first briefs were too easy and buyers lost interest. Letting buyers set real commercial briefs, with the risk that student work is rejected, made the reviews worth attending for both sides.",
      ],
    },
  },
  {
    key: "xuchang-hair-livestream-exports",
    lang: "en",
    base: "henan-xuchang-hair-products",
    title: "Live-stream selling of wigs to overseas consumers",
    summary:
      "Xuchang's hair-product firms moved from bulk sales to traders toward selling wigs directly to consumers in Africa and North America through live streams. The base trained hosts, shared studios and set up returns handling abroad; cross-border retail exports grew about fourfold.",
    topics: ["cross-border-ecommerce", "talent"],
    stage: "scaled",
    period: [2020, 2024],
    metrics: [
      m("Cross-border retail exports", "USD 95 million", "USD 410 million", "", "Base statistics"),
      m("Trained live-stream hosts", "30", "2,600", "people", "Training centre records"),
      m("Shared studios", "4", "48", "studios", "Base records"),
      m("Share of retail in hair-product exports", "9", "28", "%", "Base statistics, customs data 2024"),
    ],
    sections: {
      background: [
        "Xuchang has been processing human hair for decades and ships wigs and extensions worldwide. Most of it went through wholesalers in Lagos, Atlanta or Guangzhou who set the price. Buyers of wigs care a lot about how a piece looks on a person, which is hard to show in a catalogue and easy to show on camera.",
      ],
      approach: [
        "The base treated live-streaming as a skills problem more than a platform problem.",
        ol(
          "A training centre, run with a local college, teaches hosts product knowledge, on-camera English or French, styling, and the rules of each platform.",
          "Shared studios with lighting, mannequins and translators can be booked by the hour, so small firms do not need their own.",
          "Returns go to partner warehouses in Nigeria and the US, where pieces are inspected, restyled and resold.",
          "A quality pledge for firms that sell through the base's channels: hair origin and processing declared on the listing.",
        ),
      ],
      results: [
        "Cross-border retail exports grew from about USD 95 million in 2020 to USD 410 million in 2024, and retail's share of the city's hair-product exports rose from 9% to 28%. The training centre has trained 2,600 hosts, many of them young women from the surrounding villages.",
      ],
      replicability: [
        "Suits products that sell on appearance and demonstration: cosmetics, jewellery, fashion accessories. Shared studios lower the entry cost; the training is what makes the streams worth watching.",
      ],
      lessons: [
        "Hosts trained by the base were hired away by larger firms within months. The base now asks firms that hire a host in their first year to contribute to the training fund, which keeps the programme funded without tying people down.",
      ],
    },
    revision: {
      note: "Updated 2024 figures and added the returns data requested in comments.",
      append: {
        section: "results",
        blocks: [
          "Return rates on streamed sales settled at about 11%, lower than the 18% firms had on marketplace listings without video; most returns are resold after restyling at the partner warehouses.",
        ],
      },
    },
  },
  {
    key: "shantou-toy-compliance",
    lang: "en",
    base: "guangdong-shantou-toys",
    title: "Toy safety compliance built into design, not bolted on at the end",
    summary:
      "A design-stage compliance service checks new toys against EU, US and UK safety rules before tooling, alongside a licensing desk for character IP. First-time pass rates at third-party labs rose from 71% to 94% and late redesigns became rare.",
    topics: ["standards-certification", "innovation"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [
      m("First-time pass rate at third-party labs", "71", "94", "%", "Compliance service records"),
      m("Redesigns after tooling", "18", "4", "% of new products", "Participating firms"),
      m("Licensed character products", "120", "460", "SKUs", "Licensing desk"),
    ],
    sections: {
      background: [
        "Chenghai's toy makers launch thousands of products a year. Safety testing usually happened after moulds were cut, so a failed small-parts or sharp-edge test meant new tooling and a missed season. Rules on chemicals in toys also change often and differ by market.",
      ],
      approach: [
        "The base set up a compliance service staffed by engineers who used to work in test labs. Firms send 3D files or prototypes before tooling and get a written review against the toy safety standards of the target markets.",
        table(
          ["Check", "When"],
          [
            ["Small parts, sharp points and edges, cords", "3D file review before tooling"],
            ["Chemical content of materials", "When suppliers are chosen, with a shared materials list"],
            ["Labels, age grading and warnings", "Artwork review before printing"],
          ],
        ),
        "A licensing desk helps firms negotiate character licences with studios at home and abroad and checks that licensed products meet the licensor's quality rules as well as the law.",
      ],
      results: [
        "First-time pass rates at third-party labs went from 71% to 94% for firms using the service, and redesigns after tooling fell from 18% to 4% of new products. Licensed character products grew from 120 to 460 SKUs.",
      ],
      replicability: [
        "Any cluster where products must pass safety tests before sale can move review earlier. The shared materials list, with suppliers whose materials already passed chemical tests, is a cheap and effective first step.",
      ],
      lessons: [
        "Designers resisted reviews as slowing them down until the first season in which no product had to be re-tooled. Measure and publish the time saved.",
      ],
    },
  },
  {
    key: "nantong-textile-design-registry",
    lang: "en",
    base: "jiangsu-nantong-home-textiles",
    title: "A design registry for home-textile patterns",
    summary:
      "Designers and mills register new bedding and curtain patterns in a shared registry that time-stamps them and files copyright registrations in bulk. Copying disputes are resolved faster, and mills that lead on design are starting to charge for it.",
    topics: ["innovation", "branding-quality"],
    stage: "pilot",
    period: [2023, null],
    metrics: [
      m("Patterns registered", "0", "11,800", "patterns", "Registry records"),
      m("Average time to settle a copying dispute", "7", "1.5", "months", "Base mediation centre"),
      m("Design fee share in export price (pilot mills)", "0", "4", "%", "Pilot mill invoices"),
    ],
    sections: {
      background: [
        "Nantong's home-textile market shows thousands of new patterns every season, and copies of a popular design can appear in neighbouring stalls within days. Mills that invest in designers see little return, so most buy cheap patterns or copy, and overseas buyers treat the cluster as a low-price source.",
      ],
      approach: [
        "The base opened a registry where a designer or mill uploads a pattern before it is shown to buyers. The registry time-stamps the file and files copyright registrations in monthly batches at a reduced fee.",
        ul(
          "A mediation centre at the market hears copying complaints, using the registry as evidence.",
          "Registered patterns can be licensed to other mills through the registry, with a standard contract.",
          "Overseas buyers can check that a pattern offered to them is registered to the seller.",
        ),
      ],
      results: [
        "In the pilot's first eighteen months 11,800 patterns were registered. The average time to settle a copying dispute dropped from seven months to about six weeks, mostly through mediation. Several pilot mills now show a separate design fee, around 4% of the export price, on their quotes.",
      ],
      replicability: [
        "Fashion fabrics, wallpaper, ceramics and other pattern-led products face the same problem. Low fees and bulk filing matter: designers will not register patterns one by one.",
      ],
      lessons: [
        "Registration alone does not deter copying; quick mediation does. Put the mediation centre where the trading happens.",
      ],
    },
  },
  {
    key: "xining-carpet-weaving-cooperatives",
    lang: "en",
    base: "qinghai-xining-tibetan-carpets",
    title: "Weaving cooperatives that train and employ rural women",
    summary:
      "Carpet makers and the base fund village weaving cooperatives where women learn hand-knotting and earn piece rates, while the firms handle design, dyeing and export. The pilot supplies a growing share of hand-knotted exports and adds income in villages with few jobs.",
    topics: ["talent", "industrial-cluster"],
    stage: "pilot",
    period: [2022, null],
    metrics: [
      m("Weavers trained", "0", "860", "people", "Cooperative records"),
      m("Village cooperatives", "0", "14", "cooperatives", "Base records"),
      m("Average monthly income of active weavers", "—", "CNY 2,900", "", "Cooperative payroll"),
      m("Hand-knotted export volume from cooperatives", "0", "23", "%", "Firm records"),
    ],
    sections: {
      background: [
        "Hand-knotted Tibetan carpets sell well to interior designers in Europe and North America, but the weavers who can make them are few and older. Machine-made rugs compete on price; hand-knotted pieces compete on craft, and the craft was not being passed on.",
      ],
      approach: [
        "The base and four carpet firms set up cooperatives in villages around Xining. Each has a small workshop with looms; a master weaver teaches for six months, after which weavers are paid by the knot.",
        ul(
          "Firms supply designs, dyed wool and quality checks, and buy the finished carpets at an agreed rate.",
          "Training includes reading design charts, colour matching and knot density.",
          "Childcare in the workshop makes it possible for mothers to work regular hours.",
        ),
      ],
      results: [
        "Fourteen cooperatives have trained 860 weavers; active weavers earn around CNY 2,900 a month. Cooperatives now supply 23% of the participating firms' hand-knotted exports.",
      ],
      replicability: [
        "Fits craft products with labour-intensive steps that can be done close to where people live: embroidery, basketry, hand-painted ceramics. The firms' commitment to buy at an agreed rate is what keeps the cooperatives going.",
      ],
      lessons: [
        "Quality varied a lot between villages in the first year. Rotating master weavers between cooperatives, and sharing the firms' rejection data, evened it out.",
      ],
    },
  },
  {
    key: "lianyungang-regulatory-affairs-talent",
    lang: "en",
    base: "jiangsu-lianyungang-pharmaceuticals",
    title: "A regulatory-affairs course for drug makers going abroad",
    summary:
      "Drug makers, a local university and the base run a one-year regulatory-affairs programme covering US, EU and emerging-market filings, taught largely by working practitioners. The first two cohorts are in place at member firms, and filing preparation times are already shorter.",
    topics: ["talent", "standards-certification"],
    stage: "pilot",
    period: [2023, null],
    metrics: [
      m("Programme graduates", "0", "74", "people", "University records"),
      m("Firms sending staff", "0", "19", "firms", "University records"),
      m("Dossier preparation time (pilot firms)", "11", "8", "months", "Firm reports"),
    ],
    sections: {
      background: [
        "Lianyungang's innovative drug makers want to file abroad, and every firm is looking for the same small number of regulatory-affairs staff. Salaries were rising, people moved often, and smaller firms could not compete.",
      ],
      approach: [
        "The base asked the larger firms to lend senior regulatory staff as teachers rather than compete for graduates. A local university hosts the programme and grants a certificate.",
        ol(
          "Six months of classes in the evenings and at weekends: regulations, dossier structure, quality documentation, writing in English.",
          "Six months of supervised work on a real dossier at the student's own firm.",
          "A review of each dossier section by a practitioner from another firm.",
        ),
      ],
      results: [
        "Two cohorts, 74 people from 19 firms, have finished. Pilot firms report dossier preparation times down from about eleven to eight months, and fewer rounds of questions from regulators on the sections reviewed in the programme.",
      ],
      replicability: [
        "Any base with a few firms that already have experienced staff can use this pattern: practitioners as teachers, real work as coursework. It is slower than hiring but builds people who stay.",
      ],
      lessons: [
        "Firms worried about trade secrets in cross-firm reviews. Limiting reviews to sections without confidential process data solved most of it.",
      ],
    },
  },
  {
    key: "yingkou-refractory-service-contracts",
    lang: "en",
    base: "liaoning-yingkou-magnesia",
    title: "Selling refractory performance instead of tonnes of brick",
    summary:
      "Yingkou refractory makers, with the base's support, moved key overseas steel customers from tonnage sales to service contracts that charge per tonne of steel produced, with on-site crews and shared engineering. Export value per tonne rose and customers stay longer.",
    topics: ["industrial-cluster", "branding-quality"],
    stage: "implemented",
    period: [2019, 2024],
    metrics: [
      m("Export value per tonne of refractories", "480", "760", "USD", "Customs data 2019 and 2024"),
      m("Overseas service contracts", "3", "41", "contracts", "Base statistics"),
      m("Customer retention after three years", "55", "88", "%", "Firm records"),
    ],
    sections: {
      background: [
        "Yingkou sits on large magnesite deposits and has long exported magnesia and refractory bricks in bulk. Overseas steel mills bought by the tonne, switched suppliers over small price differences, and blamed the bricks when linings failed early.",
      ],
      approach: [
        "The base helped five makers form a service alliance. Instead of selling bricks, alliance members offer contracts priced per tonne of steel produced: they design the lining, supply the material, station crews at the mill and answer for its service life.",
        ul(
          "A shared engineering centre models wear and recommends lining designs for each furnace.",
          "Crews are trained at the base and certified for work abroad.",
          "Raw-material supply within the alliance is coordinated, so contracts are not at risk from one member's shortage.",
        ),
      ],
      results: [
        "Overseas service contracts grew from 3 to 41, mainly in Southeast Asia, India and the Middle East. Export value per tonne rose from about USD 480 to USD 760, and customer retention after three years from 55% to 88%.",
      ],
      replicability: [
        "Makers of consumables that customers judge by performance, such as abrasives, welding materials and industrial lubricants, can use the same model. It requires engineering depth and a willingness to carry performance risk.",
      ],
      lessons: [
        "The first contracts underpriced the risk of early failure. The alliance now collects wear data from every contract and prices new ones from it.",
      ],
    },
  },
  {
    key: "taixing-hazmat-logistics-platform",
    lang: "en",
    base: "jiangsu-taixing-fine-chemicals",
    title: "One digital platform for hazardous-goods exports from a chemical park",
    summary:
      "The park links tank-truck booking, hazardous-goods declarations and berth scheduling at the river port in one system. In the pilot, time from loading to vessel for dangerous-goods containers has dropped and paperwork errors are fewer.",
    topics: ["logistics", "digitization"],
    stage: "pilot",
    period: [2024, null],
    metrics: [
      m("Loading-to-vessel time for DG containers", "5.5", "3", "days", "Platform data"),
      m("Declaration errors needing correction", "12", "3", "%", "Port and platform records"),
      m("Firms on the platform", "0", "38", "firms", "Platform records"),
    ],
    sections: {
      background: [
        "Chemical exports from the park leave by the Yangtze river port. Dangerous-goods containers need a licensed truck, declarations to the maritime authority and the port, and a slot at a berth that handles them. Each step used separate systems and phone calls, and a single mistake in a declaration could hold a container for days.",
      ],
      approach: [
        "The park's management built a platform that firms, licensed hauliers and the port all use. Firms enter the product data once; the platform fills the declarations, checks them against the UN numbers and packing groups, and books a truck and a berth slot.",
        ul(
          "Trucks are tracked from the plant gate to the port; the port sees arrivals in advance.",
          "The platform flags documents that do not match the safety data sheet on file.",
          "Data on every shipment stays available for the park's safety inspectors.",
        ),
      ],
      results: [
        "In the pilot's first months, 38 firms use the platform. Time from loading to vessel for dangerous-goods containers dropped from about five and a half days to three, and declarations needing correction from 12% to 3%.",
      ],
      replicability: [
        "Chemical parks with their own port access can copy this. Getting the port and the maritime authority to accept data from the platform is the main task; the software is the easy part.",
      ],
      lessons: [
        "Hauliers were the slowest to join because they work for many parks. Offering them free use of the tracking devices helped.",
      ],
    },
  },
  {
    key: "yongkang-tool-overseas-warehouses",
    lang: "en",
    base: "zhejiang-yongkang-hardware",
    title: "Overseas warehouses for power tools and garden equipment",
    summary:
      "Yongkang firms share bonded and overseas warehouses in the US, Germany and Poland, with local repair benches and spare parts. Delivery to retailers now takes days instead of weeks, and online sales of own-brand tools grew sharply.",
    topics: ["logistics", "cross-border-ecommerce"],
    stage: "scaled",
    period: [2019, 2024],
    metrics: [
      m("Delivery time to retailers", "38", "4", "days", "Warehouse operator data"),
      m("Firms using shared warehouses", "17", "240", "firms", "Base statistics"),
      m("Online exports of own-brand tools", "USD 60 million", "USD 330 million", "", "Base statistics"),
      m("Warehouse space shared", "40,000", "310,000", "square metres", "Base statistics"),
    ],
    sections: {
      background: [
        "Yongkang exports power tools, garden machinery and doors. Large retailers in the US and Europe expect stock within days and quick warranty service; small makers shipping by container from Ningbo could offer neither, so they sold through importers at low prices.",
      ],
      approach: [
        "Three logistics firms, chosen by the base, run shared warehouses near Los Angeles, Savannah, Duisburg and Poznań. Firms rent space by the pallet and ship consolidated containers weekly.",
        ul(
          "Repair benches in each warehouse handle warranty returns; parts are pooled across brands where they fit.",
          "The warehouses connect to the main online marketplaces, so one stock serves retail and online orders.",
          "The base negotiated group rates for product liability insurance required by US retailers.",
        ),
      ],
      results: [
        "Delivery time to retailers fell from about 38 days to 4. Firms using the shared warehouses grew from 17 to 240, and online exports of own-brand tools from about USD 60 million to USD 330 million.",
      ],
      replicability: [
        "Useful to any hardware or appliance base whose products need warranty service. The repair benches are what convinced retailers to list brands they had never heard of.",
      ],
      lessons: [
        "Slow-moving stock piled up in the second year. The operators now charge rising fees after 180 days and run quarterly clearance sales, which keeps the space for products that sell.",
      ],
    },
    image: {
      kind: "photo-warehouse",
      section: "approach",
      after: 0,
      alt: "Pallet racks in a shared overseas warehouse (generated demo picture)",
    },
  },
  {
    key: "anping-wire-mesh-online-quotes",
    lang: "en",
    base: "hebei-anping-wire-mesh",
    title: "Instant online quotes for custom wire mesh",
    summary:
      "A shared quoting tool lets overseas buyers specify wire diameter, aperture, material and size and get a price and lead time from several Anping factories at once. Quote times fell from two days to minutes and small factories win more foreign orders.",
    topics: ["digitization", "cross-border-ecommerce"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [
      m("Time to quote", "48", "0.1", "hours", "Platform records"),
      m("Factories quoting through the tool", "0", "310", "factories", "Platform records"),
      m("Foreign buyers placing orders", "0", "4,700", "buyers", "Platform records"),
    ],
    sections: {
      background: [
        "Wire mesh is almost always custom: the buyer specifies material, wire diameter, aperture, weave and roll size. Each inquiry meant emails back and forth for two days, and small factories without English-speaking staff rarely answered foreign inquiries at all.",
      ],
      approach: [
        "The base commissioned a quoting tool. Factories enter their machines, materials and price rules once; buyers enter a specification and get quotes and lead times from all factories that can make it.",
        ul(
          "Specifications use standard terms in English, Spanish, Russian and Arabic.",
          "A test lab at the base checks samples from new factories before they can quote.",
          "Orders are paid through the platform; money is released after inspection at loading.",
        ),
      ],
      results: [
        "Quotes now take minutes rather than two days. 310 factories quote through the tool, and 4,700 foreign buyers have ordered through it, many of them small contractors who had never imported directly.",
      ],
      replicability: [
        "Fits any cluster making configurable products from a shared set of parameters: fasteners, springs, filters, packaging. The work is in agreeing the parameters and pricing rules with factories.",
      ],
      lessons: [
        "Some factories set prices too low to win orders and then asked to renegotiate. A deposit for quoting factories and a rating shown to buyers stopped most of it.",
      ],
    },
  },
];

// ---------------------------------------------------------------- pictures

/**
 * A simple picture drawn in code: two chart-like ones and two photo-like ones
 * (shapes, soft light and sensor-like noise). No text in them — fonts are not
 * something a seed should depend on — so the alt text carries the meaning.
 */
export async function drawPicture(kind: ImageKind): Promise<Buffer> {
  const W = 1200;
  const H = 675;
  let svg: string;
  if (kind === "bars" || kind === "line") {
    const left = 110,
      right = W - 60,
      top = 70,
      bottom = H - 90;
    const grid = [0, 1, 2, 3, 4]
      .map((i) => {
        const y = bottom - ((bottom - top) * i) / 4;
        return `<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#d9dee5" stroke-width="2"/>`;
      })
      .join("");
    const axes = `<line x1="${left}" y1="${top - 10}" x2="${left}" y2="${bottom}" stroke="#5b6470" stroke-width="3"/><line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#5b6470" stroke-width="3"/>`;
    let marks = "";
    if (kind === "bars") {
      // Cost per item before/after for four years: grey = before, teal = after.
      const pairs = [
        [0.93, 0.9],
        [0.93, 0.78],
        [0.93, 0.69],
        [0.93, 0.64],
      ] as const;
      const slot = (right - left) / pairs.length;
      pairs.forEach(([a, b], i) => {
        const x = left + slot * i + slot * 0.18;
        const bw = slot * 0.28;
        const ha = (bottom - top) * a;
        const hb = (bottom - top) * b;
        marks += `<rect x="${x}" y="${bottom - ha}" width="${bw}" height="${ha}" rx="6" fill="#b7bfca"/>`;
        marks += `<rect x="${x + bw + 10}" y="${bottom - hb}" width="${bw}" height="${hb}" rx="6" fill="#1f8a83"/>`;
      });
    } else {
      const values = [21, 29, 44, 58, 71, 86];
      const max = 100;
      const pts = values.map(
        (v, i) =>
          [left + 40 + ((right - left - 80) * i) / (values.length - 1), bottom - ((bottom - top) * v) / max] as const,
      );
      const d = pts.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
      marks += `<path d="${d} L${pts[pts.length - 1]![0]},${bottom} L${pts[0]![0]},${bottom} Z" fill="#c44d2b" fill-opacity="0.12"/>`;
      marks += `<path d="${d}" fill="none" stroke="#c44d2b" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"/>`;
      marks += pts
        .map(([x, y]) => `<circle cx="${x}" cy="${y}" r="10" fill="#fff" stroke="#c44d2b" stroke-width="5"/>`)
        .join("");
    }
    svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#fbfcfd"/>${grid}${axes}${marks}</svg>`;
    return sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toBuffer();
  }

  if (kind === "photo-warehouse") {
    // Pallet racks receding to a vanishing point under warm ceiling light.
    const vx = W * 0.5,
      vy = H * 0.42;
    let racks = "";
    const colours = ["#c9a46b", "#b98c52", "#d8b47a", "#a8773f", "#8fa3b8", "#c7c1b5"];
    for (const side of [-1, 1]) {
      for (let level = 0; level < 4; level++) {
        for (let bay = 0; bay < 7; bay++) {
          const t0 = 1 - bay / 7,
            t1 = 1 - (bay + 0.85) / 7;
          const xAt = (t: number) => vx + side * (W * 0.52) * t;
          const yAt = (t: number, l: number) => vy + (H * 0.55 - l * H * 0.16) * t;
          const x0 = xAt(t0),
            x1 = xAt(t1);
          const yb0 = yAt(t0, level),
            yb1 = yAt(t1, level);
          const yt0 = yAt(t0, level + 0.8),
            yt1 = yAt(t1, level + 0.8);
          const c = colours[(bay * 3 + level * 5 + (side > 0 ? 1 : 0)) % colours.length];
          racks += `<polygon points="${x0},${yb0} ${x1},${yb1} ${x1},${yt1} ${x0},${yt0}" fill="${c}" stroke="#6b4f2c" stroke-width="2"/>`;
        }
        const y0 = vy + (H * 0.55 - level * H * 0.16);
        racks += `<line x1="${vx + side * W * 0.52}" y1="${y0}" x2="${vx}" y2="${vy}" stroke="#e07a1f" stroke-width="6"/>`;
      }
    }
    svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <defs>
        <linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7d8084"/><stop offset="1" stop-color="#b5b8bb"/></linearGradient>
        <linearGradient id="ceil" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3c4148"/><stop offset="1" stop-color="#8a8f96"/></linearGradient>
        <radialGradient id="glow" cx="0.5" cy="0.3" r="0.6"><stop offset="0" stop-color="#fff6dc" stop-opacity="0.55"/><stop offset="1" stop-color="#fff6dc" stop-opacity="0"/></radialGradient>
      </defs>
      <rect width="100%" height="${vy}" fill="url(#ceil)"/>
      <rect y="${vy}" width="100%" height="${H - vy}" fill="url(#floor)"/>
      <g>${racks}</g>
      <rect width="100%" height="100%" fill="url(#glow)"/>
    </svg>`;
  } else {
    // A test hall: blue fatigue rigs on a grey floor, bright windows behind.
    let rigs = "";
    for (let i = 0; i < 4; i++) {
      const x = 90 + i * 280,
        w = 200,
        y = 300 + (i % 2) * 20;
      rigs += `<rect x="${x}" y="${y}" width="${w}" height="${260 - (i % 2) * 20}" fill="#2f5d9e" stroke="#1d3a66" stroke-width="4"/>`;
      rigs += `<rect x="${x + 20}" y="${y + 30}" width="${w - 40}" height="${120}" fill="#dfe6ee"/>`;
      rigs += `<circle cx="${x + w / 2}" cy="${y + 90}" r="46" fill="none" stroke="#39424d" stroke-width="8"/>`;
      rigs += `<line x1="${x + w / 2}" y1="${y + 90}" x2="${x + w / 2 + 40}" y2="${y + 40}" stroke="#39424d" stroke-width="8"/>`;
      rigs += `<rect x="${x + 70}" y="${y - 60}" width="60" height="70" fill="#9aa6b2"/>`;
    }
    let windows = "";
    for (let i = 0; i < 8; i++) windows += `<rect x="${40 + i * 145}" y="60" width="115" height="160" fill="#eef5ff"/>`;
    svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <defs>
        <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#cfd6dd"/><stop offset="1" stop-color="#aab3bc"/></linearGradient>
        <linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8e949a"/><stop offset="1" stop-color="#c3c7cb"/></linearGradient>
        <radialGradient id="light" cx="0.5" cy="0.15" r="0.8"><stop offset="0" stop-color="#ffffff" stop-opacity="0.45"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/></radialGradient>
      </defs>
      <rect width="100%" height="100%" fill="url(#wall)"/>
      <g>${windows}</g>
      <rect y="500" width="100%" height="${H - 500}" fill="url(#floor)"/>
      <g>${rigs}</g>
      <rect width="100%" height="100%" fill="url(#light)"/>
    </svg>`;
  }
  // Sensor-like grain; composited straight from sharp's generator (no intermediate file).
  const noise = {
    create: {
      width: W,
      height: H,
      channels: 3 as const,
      background: "#808080",
      noise: { type: "gaussian" as const, mean: 128, sigma: 12 },
    },
  };
  // A slight blur (lens softness) before the grain.
  return sharp(Buffer.from(svg))
    .blur(1.4)
    .composite([{ input: noise, blend: "soft-light" }])
    .png({ compressionLevel: 1 })
    .toBuffer();
}

// ---------------------------------------------------------------- content

/** The case as the edit form would post it, checked by the form's own schema and the editor validator. */
function toContent(
  c: DemoCase,
  baseId: string,
  sections: Sections,
  extra: { image?: Block; metrics?: Metric[]; summary?: string } = {},
): CaseContent {
  const sectionDocs = Object.fromEntries(
    SECTIONS.map((s) => {
      const blocks = [...sections[s]];
      if (extra.image && c.image?.section === s) blocks.splice(c.image.after + 1, 0, extra.image);
      return [s, JSON.stringify(doc(blocks))];
    }),
  ) as Record<SectionName, string>;
  const parsed = CasePublishSchema.safeParse({
    title: c.title,
    titleEn: c.titleEn,
    summary: extra.summary ?? c.summary,
    summaryEn: c.summaryEn,
    baseId,
    topics: c.topics,
    stage: c.stage,
    periodStart: c.period[0],
    periodEnd: c.period[1] ?? undefined,
    metrics: extra.metrics ?? c.metrics,
    // The language the case is written in: readable-first order, the
    // `available` filter and the translation prompt all read it.
    contentLanguage: c.lang === "en" ? "en" : "zh-CN",
    ...sectionDocs,
  });
  if (!parsed.success) throw new Error(`demo case ${c.key}: ${JSON.stringify(parsed.error.flatten())}`);
  const content = contentFromInput(parsed.data);
  for (const s of SECTIONS) {
    const checked = validateDoc(content.sections[s], "case");
    if (!checked.ok) throw new Error(`demo case ${c.key}, section ${s}: ${checked.details.join("; ")}`);
    content.sections[s] = isEmptyDoc(checked.doc) ? null : checked.doc;
  }
  return content;
}

function revisedSections(c: DemoCase): Sections {
  const out = { ...c.sections };
  const add = c.revision?.append;
  if (add) out[add.section] = [...out[add.section], ...add.blocks];
  return out;
}

/** FNV-1a: a stable number from a key, for a fixed but mixed-looking order. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const DAY = 86_400_000;
const SPREAD_DAYS = 540; // about 18 months

type Actor = Parameters<typeof publishCase>[1];

async function demoActor(username: string): Promise<Actor | null> {
  const u = await prisma.user.findUnique({
    where: { username },
    select: { id: true, role: true, baseId: true, baseVerifiedAt: true, emailVerifiedAt: true },
  });
  if (!u) return null;
  return {
    id: u.id,
    role: u.role,
    baseId: u.baseId,
    baseVerified: u.baseVerifiedAt != null,
    emailVerified: u.emailVerifiedAt != null,
  };
}

// ---------------------------------------------------------------- seeding

/**
 * Publishes the demo cases once: skipped when any demo case exists. Each case is
 * created with createDraft and published with publishCase — the form's own path —
 * by the seed's verified demo member when the case belongs to the member's base,
 * otherwise by the demo admin (who may publish under any base). Returns how many
 * cases it published.
 */
export async function seedDemoCases(opts: { quiet?: boolean; now?: Date; cases?: DemoCase[] } = {}): Promise<number> {
  // Another list (the relevance set's extra cases, tests/relevance) is published on top of the demo.
  const list = opts.cases ?? DEMO_CASES;
  const keys = opts.cases ? { clientKey: { in: opts.cases.map((c) => `demo:${c.key}`) } } : {};
  if ((await prisma.caseStudy.count({ where: { isDemo: true, ...keys } })) > 0) return 0;
  await seedTopicsIfEmpty();
  const admin = await demoActor("demo-admin");
  if (!admin) {
    if (!opts.quiet) console.warn("Demo cases skipped: no demo-admin account.");
    return 0;
  }
  const member = await demoActor("demo-verified");
  const bases = await prisma.base.findMany({
    where: { slug: { in: list.map((c) => c.base) } },
    select: { id: true, slug: true },
  });
  const baseIds = new Map(bases.map((b) => [b.slug, b.id]));

  const pictures = new Map<DemoCase["key"], Block>();
  await Promise.all(
    list.map(async (c) => {
      if (!c.image) return;
      // Through the upload model, exactly as POST /resources/uploads stores a file.
      const stored = await storeImage(await drawPicture(c.image.kind));
      pictures.set(c.key, {
        type: "image",
        attrs: { src: stored.url, alt: c.image.alt, width: stored.width, height: stored.height },
      });
    }),
  );

  const published: Array<{ id: string; key: string; revisions: number }> = [];
  for (const c of list) {
    const baseId = baseIds.get(c.base);
    if (!baseId) {
      if (!opts.quiet) console.warn(`Demo case "${c.key}" skipped: no base "${c.base}".`);
      continue;
    }
    const author = member && member.baseId === baseId && member.baseVerified && member.emailVerified ? member : admin;
    const image = pictures.get(c.key);
    const first = toContent(c, baseId, c.sections, { image });
    // The clientKey makes a rerun after a crash find the same draft, not a second one.
    const draft = await createDraft(author.id, `demo:${c.key}`, first);
    let state = await prisma.caseStudy.findUniqueOrThrow({
      where: { id: draft.id },
      select: { draftVersion: true, revisionNumber: true },
    });
    if (state.revisionNumber === 0) {
      await publishCase(draft.id, author, first, { expectedVersion: state.draftVersion });
      state = await prisma.caseStudy.findUniqueOrThrow({
        where: { id: draft.id },
        select: { draftVersion: true, revisionNumber: true },
      });
    }
    if (c.revision && state.revisionNumber === 1) {
      const second = toContent(c, baseId, revisedSections(c), {
        image,
        metrics: c.revision.metrics,
        summary: c.revision.summary,
      });
      await publishCase(draft.id, author, second, { expectedVersion: state.draftVersion, note: c.revision.note });
    }
    published.push({ id: draft.id, key: c.key, revisions: c.revision ? 2 : 1 });
  }

  // Backdating. publishCase stamps the present time on publishedAt, draftSavedAt
  // and (by the column default) each revision's createdAt — as it must for people,
  // who never get to choose their publication date. Its `now` option would move
  // publishedAt but not the revisions, so the history pages would still show
  // today. Thirty-odd cases all published within the same minute would make the
  // listing, its "newest first" order and the history pages look fake, so the
  // dates are spread over the last ~18 months here, in one direct update after
  // publishing. This is demo-only; no user path can backdate. The search document
  // is queued again so the index carries the new date.
  const now = opts.now ?? new Date();
  const order = [...published].sort((a, b) => hash(a.key) - hash(b.key));
  await prisma.$transaction(async (tx) => {
    for (const [i, c] of order.entries()) {
      const h = hash(`${c.key}:time`);
      const ageDays = SPREAD_DAYS - ((i + 0.5) * (SPREAD_DAYS - 12)) / order.length;
      const publishedAt = new Date(now.getTime() - ageDays * DAY + (h % 600) * 60_000);
      const revisedAt =
        c.revisions > 1
          ? new Date(Math.min(publishedAt.getTime() + (25 + (h % 45)) * DAY, now.getTime() - 2 * 3_600_000))
          : null;
      await tx.caseStudy.update({
        where: { id: c.id },
        data: {
          isDemo: true,
          publishedAt,
          createdAt: new Date(publishedAt.getTime() - (2 + (h % 5)) * DAY),
          draftSavedAt: revisedAt ?? publishedAt,
        },
      });
      await tx.caseRevision.updateMany({ where: { caseId: c.id, number: 1 }, data: { createdAt: publishedAt } });
      if (revisedAt)
        await tx.caseRevision.updateMany({ where: { caseId: c.id, number: 2 }, data: { createdAt: revisedAt } });
      await enqueueSearchDocs(tx, [caseDocId(c.id)]);
    }
  });

  if (!opts.quiet) console.log(`Demo case studies published: ${published.length}.`);
  return published.length;
}
