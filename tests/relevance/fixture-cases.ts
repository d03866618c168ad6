// Demo-style cases added for the relevance set only (issue 13, point 6): they are
// published through the same path as the demo (prisma/demo-cases.ts → createDraft →
// publishCase) on top of the 34 demo cases, and give the new query classes their
// answers: places and bases typed as text, an answer in each language for the
// same practice (so "same language first" can be judged), long queries with a
// word no case has, and Chinese text with English acronyms (ERP, SaaS, RCEP, B2B).
// Written by hand for the judgments in judgments.ts, never generated from engine
// output. Everything here is invented.
import type { DemoCase } from "../../prisma/demo-cases.ts";
import type { Metric } from "~/models/case-content.ts";

const m = (label: string, before: string, after: string, unit: string, source: string): Metric => ({
  label,
  before,
  after,
  unit,
  source,
});

export const RELEVANCE_CASES: DemoCase[] = [
  {
    key: "korla-pear-cold-chain",
    lang: "en",
    base: "xinjiang-korla-pears",
    title: "Pre-cooling and cold chain logistics for fragrant pear exports",
    summary:
      "Packing houses near the orchards pre-cool pears within six hours of picking, and refrigerated trucks and reefer containers keep them at one degree to the port. Losses on the way to Southeast Asian buyers fell from 12% to under 3%.",
    topics: ["logistics", "branding-quality"],
    stage: "scaled",
    period: [2019, 2023],
    metrics: [
      m("Fruit lost in transit", "12", "2.8", "%", "Exporters' claims records"),
      m("Pears pre-cooled within six hours", "20", "85", "%", "Packing-house logs"),
    ],
    sections: {
      background: [
        "Fragrant pears were picked in September and left in field crates for a day or two before packing. By the time they reached buyers in Southeast Asia, bruised and soft fruit had to be sorted out at the buyers' cost, and prices were cut for whole lots.",
      ],
      approach: [
        "The base co-financed six pre-cooling packing houses next to the main orchards, open to any grower on a per-tonne fee. Fruit is cooled to one degree within six hours of picking, graded and packed in the same building.",
        "A shared cold chain follows: refrigerated trucks to the railway station, reefer containers on the train to the border and the port, and temperature loggers in every container whose readings buyers can see online.",
      ],
      results: [
        "Transit losses fell from 12% to 2.8% and buyers stopped cutting prices for whole lots. Growers who use the packing houses get paid about a fifth more per kilo.",
      ],
      replicability: [
        "Works for any fruit that is picked in a short season far from the port. The packing houses only pay off when several hundred growers use them; open access and a published fee matter more than the equipment.",
      ],
      lessons: [
        "The loggers were the turning point: once buyers could see that the temperature held, they accepted claims only where the data showed a break in the chain.",
      ],
    },
  },
  {
    key: "korla-pear-rail-customs",
    lang: "zh",
    base: "xinjiang-korla-pears",
    title: "香梨搭乘中欧班列出口中亚：产地通关一体化",
    titleEn: "Fragrant pears by rail to Central Asia: customs cleared at origin",
    summary:
      "基地与海关、铁路部门合作，在产地设立监管仓，香梨在产地完成报关查验后装入冷藏集装箱直达中亚，通关时间由三天缩短到半天。",
    summaryEn:
      "With customs and the railway, the base set up a bonded warehouse at origin: pears are declared and inspected there and loaded into reefer containers straight to Central Asia, cutting clearance from three days to half a day.",
    topics: ["logistics", "cross-border-ecommerce"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [
      m("平均通关时间", "72", "12", "小时", "海关监管仓统计"),
      m("经班列出口香梨", "3,200", "21,000", "吨", "基地管委会统计"),
    ],
    sections: {
      background: [
        "香梨出口中亚过去要先用汽车运到边境口岸，再在口岸排队报关查验、换装，旺季常常要等三天，果品损耗和压车费用都很高。",
      ],
      approach: [
        "基地协调海关在产地设立监管仓，企业在产地完成报关、检验检疫和封关，冷藏集装箱直接装上中欧班列，在口岸只需核放，不再开箱。",
        "铁路部门在采收季每周开行两列冷藏专列，基地公共服务平台统一订舱，小企业也能按箱拼车。",
      ],
      results: ["通关时间由平均三天缩短到半天左右，三年间经班列出口的香梨从三千多吨增加到两万多吨。"],
      replicability: ["适合离口岸远、出口集中在一个季节的农产品，前提是海关愿意在产地设立监管场所。"],
      lessons: ["头两年专列满载率不高，后来由平台统一订舱、与周边县市的农产品拼列，才稳定下来。"],
    },
  },
  {
    key: "haikou-fruit-testing-platform",
    lang: "en",
    base: "hainan-haikou-tropical-fruit",
    title: "A testing and certification platform for tropical fruit exporters",
    summary:
      "A shared lab and certification desk tests pesticide residues, issues phytosanitary paperwork and prepares GLOBALG.A.P. audits for small exporters of mango, pineapple and coconut. Rejections abroad fell by two thirds.",
    topics: ["standards-certification", "public-services"],
    stage: "implemented",
    period: [2020, 2024],
    metrics: [
      m("Shipments rejected abroad", "4.5", "1.4", "%", "Exporters' association"),
      m("Farms with GLOBALG.A.P. certification", "6", "58", "farms", "Platform records"),
    ],
    sections: {
      background: [
        "Small fruit exporters sent samples to labs on the mainland and waited a week for results, so most shipped without tests. Buyers in Japan and Korea rejected lots for residues, and few farms could afford a certification consultant.",
      ],
      approach: [
        "The base built a testing and certification platform with the provincial inspection institute: a residue lab that reports within 24 hours, a desk that prepares phytosanitary certificates, and advisers who walk farms through GLOBALG.A.P. audits at a subsidised fee.",
      ],
      results: [
        "Rejections abroad fell from 4.5% to 1.4% of shipments, and 58 farms now hold certification, against six before.",
      ],
      replicability: [
        "Any agricultural base whose exporters are small and far from labs can do this; the lab needs a steady flow of samples, so it should serve the whole province.",
      ],
      lessons: [
        "Farmers trusted the advisers more once the advisers were paid by the platform, not by the certification bodies.",
      ],
    },
  },
  {
    key: "dingxi-potato-certification",
    lang: "zh",
    base: "gansu-dingxi-potatoes",
    title: "马铃薯淀粉出口的检测认证与质量分级",
    titleEn: "Testing, certification and grading for potato starch exports",
    summary:
      "基地建成马铃薯及淀粉检测中心，帮助企业取得清真认证和有机认证，并按蛋白质和白度对淀粉分级定价，出口单价提高约15%。",
    summaryEn:
      "A testing centre for potatoes and starch helps firms obtain halal and organic certification and grades starch by protein and whiteness, raising export prices by about 15%.",
    topics: ["standards-certification", "branding-quality"],
    stage: "implemented",
    period: [2020, 2023],
    metrics: [
      m("取得国际认证的企业", "3", "27", "家", "基地管委会统计"),
      m("出口淀粉平均单价", "780", "900", "美元/吨", "海关统计"),
    ],
    sections: {
      background: ["定西马铃薯淀粉过去多以散装低价出口，客户要求的认证证书和检测报告企业拿不出来，只能压价成交。"],
      approach: [
        "基地与省检测院共建检测中心，开展农残、重金属和理化指标检测；同时引入认证机构驻点，辅导企业申请清真认证、有机认证和食品安全体系认证。",
        "行业协会制定淀粉质量分级标准，按蛋白质含量和白度分为三级，分级定价。",
      ],
      results: ["取得国际认证的企业从3家增加到27家，分级后出口淀粉平均单价提高约15%。"],
      replicability: ["适合原料同质、靠价格竞争的农产品加工基地，分级标准要和主要买家一起制定。"],
      lessons: ["认证只是入场券，买家更看重每批货的检测报告是否稳定可信。"],
    },
  },
  {
    key: "jingdezhen-ceramics-saas-erp",
    lang: "zh",
    base: "jiangxi-jingdezhen-ceramics",
    title: "陶瓷小微企业共用SaaS接单和ERP排产",
    titleEn: "Small ceramics workshops share SaaS order taking and ERP scheduling",
    summary:
      "基地采购一套面向陶瓷作坊的SaaS接单系统和轻量ERP，海外订单、窑位和工序排产在线管理，交期准时率从六成提高到九成以上。",
    summaryEn:
      "The base bought a SaaS order system and a light ERP for ceramics workshops: overseas orders, kiln slots and process scheduling are managed online, and on-time delivery rose from 60% to over 90%.",
    topics: ["digitization", "public-services"],
    stage: "implemented",
    period: [2021, 2024],
    metrics: [m("交期准时率", "61", "93", "%", "系统数据"), m("使用系统的作坊", "0", "240", "家", "基地公共服务中心")],
    sections: {
      background: ["景德镇的陶瓷作坊大多十几个人，海外订单靠微信和手写记录，窑位排不开时常常延误交期。"],
      approach: [
        "基地统一采购SaaS接单系统，作坊按年付很少的费用使用；系统对接轻量ERP，按窑位和工序自动排产，并把订单状态用英文推送给海外客户。",
      ],
      results: ["240家作坊用上系统，交期准时率从61%提高到93%，海外客户的返单率明显提高。"],
      replicability: ["适合作坊多、订单小而杂的产业带，关键是系统足够简单，手机上就能用。"],
      lessons: ["最初的ERP功能太多没人用，砍到只剩接单、排产、发货三项后才推开。"],
    },
  },
  {
    key: "wuhu-auto-parts-rcep",
    lang: "zh",
    base: "anhui-wuhu-auto-parts",
    title: "汽车零部件企业用好RCEP原产地累积规则开拓东盟市场",
    titleEn: "Auto parts makers use RCEP cumulation rules to reach ASEAN markets",
    summary:
      "基地开设RCEP原产地服务窗口，帮助零部件企业核算区域价值成分、申领原产地证书，享受关税减让，对东盟出口两年增长一倍。",
    summaryEn:
      "An RCEP rules-of-origin desk helps parts makers calculate regional value content and obtain certificates of origin for tariff cuts; exports to ASEAN doubled in two years.",
    topics: ["industrial-cluster", "standards-certification"],
    stage: "implemented",
    period: [2022, 2024],
    metrics: [
      m("RCEP原产地证书签发", "120", "2,600", "份", "海关统计"),
      m("对东盟出口额", "1.8", "3.7", "亿美元", "基地管委会统计"),
    ],
    sections: {
      background: ["RCEP生效后，很多零部件企业不清楚怎样计算区域价值成分，担心申报错误被追责，宁可不用关税优惠。"],
      approach: [
        "基地联合海关和贸促会开设RCEP服务窗口，提供原产地规则培训、区域价值成分核算模板和证书代办；对使用日韩进口原料的企业，讲清原产地累积规则怎样用。",
      ],
      results: ["两年间原产地证书签发量从120份增加到2600份，对东盟出口额增长一倍。"],
      replicability: ["适合中间品出口比重高、供应链跨多个RCEP成员的产业集群。"],
      lessons: ["企业最需要的不是政策解读，而是一份能直接填的核算表。"],
    },
  },
  {
    key: "zigong-lanterns-b2b-showroom",
    lang: "en",
    base: "sichuan-zigong-lanterns",
    title: "Lantern makers win overseas festival contracts through a B2B showroom",
    summary:
      "A B2B online showroom with 3D previews and a shared bidding team lets small lantern workshops bid for festival contracts in Europe and the Gulf. Overseas contracts grew from 9 to 64 a year.",
    topics: ["cross-border-ecommerce", "branding-quality"],
    stage: "scaled",
    period: [2019, 2024],
    metrics: [
      m("Overseas festival contracts", "9", "64", "per year", "Base records"),
      m("Workshops in the showroom", "0", "85", "workshops", "Platform records"),
    ],
    sections: {
      background: [
        "Lantern festivals abroad are tendered by event organisers who want to see designs before they commit. Only a few large firms could send teams to pitch, and small workshops worked as their subcontractors.",
      ],
      approach: [
        "The base runs a B2B showroom online: each workshop shows past installations with 3D previews, and a shared bidding team prepares tenders, contracts and shipping for the workshops that win.",
      ],
      results: [
        "Overseas contracts rose from 9 to 64 a year and 85 workshops show their work; half of the contracts now go to small workshops directly.",
      ],
      replicability: [
        "Fits project-based crafts sold to event organisers or developers, where buyers choose by design before price.",
      ],
      lessons: [
        "Workshops had to agree on a fair rotation for tenders, or the bidding team would have favoured the largest.",
      ],
    },
  },
  {
    key: "wuzhou-gemstones-b2b-platform",
    lang: "zh",
    base: "guangxi-wuzhou-gemstones",
    title: "人工宝石B2B跨境平台与海外展厅",
    titleEn: "A cross-border B2B platform and overseas showrooms for synthetic gemstones",
    summary:
      "基地搭建人工宝石B2B跨境平台，统一产品编码、证书和报价，并在曼谷和迪拜设立海外展厅，中小企业的海外买家数量三年增长三倍。",
    summaryEn:
      "A cross-border B2B platform with shared product codes, certificates and prices, and showrooms in Bangkok and Dubai, tripled the overseas buyers of small gem cutters in three years.",
    topics: ["cross-border-ecommerce", "public-services"],
    stage: "scaled",
    period: [2020, 2023],
    metrics: [m("中小企业海外买家", "1,100", "4,500", "家", "平台统计")],
    sections: {
      background: ["梧州人工宝石加工企业多而小，海外买家难以比较规格和质量，订单集中在少数大企业。"],
      approach: [
        "基地统一产品编码和检测证书，搭建B2B跨境平台，买家按规格筛选、在线询价；在曼谷和迪拜设立海外展厅，买家可看样下单。",
      ],
      results: ["三年间中小企业的海外买家从1100家增加到4500家。"],
      replicability: ["适合规格可标准化、买家分散在多个国家的小商品产业带。"],
      lessons: ["统一编码比建平台更难，前后用了一年才与企业谈定。"],
    },
  },
  {
    key: "puer-coffee-traceability",
    lang: "en",
    base: "yunnan-puer-tea",
    title: "Traceable specialty coffee from smallholder farms",
    summary:
      "Each bag of specialty coffee carries a code that shows the farm, the harvest and the cupping score. Roasters in Europe pay a premium for traceable lots, and smallholders earn about 40% more than from commodity beans.",
    topics: ["branding-quality", "digitization"],
    stage: "pilot",
    period: [2022, null],
    metrics: [m("Price paid to smallholders", "18", "25", "CNY/kg", "Cooperative records")],
    sections: {
      background: [
        "Coffee from the tea region was sold as commodity beans to traders, mixed from hundreds of farms, so careful growers were paid the same as careless ones.",
      ],
      approach: [
        "Cooperatives process each farm's cherries separately, record harvest and processing data on a shared traceability system, and have every lot cupped by certified graders. A code on each bag links to the record.",
      ],
      results: [
        "Roasters in Germany and the Netherlands buy traceable lots at a premium; smallholders earn about 40% more.",
      ],
      replicability: [
        "Works for crops where origin and processing change the taste and buyers are willing to pay for it.",
      ],
      lessons: [
        "Separate processing costs more labour; the premium has to be paid back to growers quickly or they return to traders.",
      ],
    },
  },
];
