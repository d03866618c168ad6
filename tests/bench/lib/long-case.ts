// A case study of about 3,000 Chinese characters with 5 outcome metrics, created
// before the server starts (through the model code, tests/e2e/lib/create-case.ts)
// so the benchmark measures a realistically long case page, not only the short
// demo cases.
import { createCaseVia, type CaseSpec } from "../../e2e/lib/case-cli.ts";

const SENTENCES = [
  "基地以跨境电商为突破口，推动传统外贸企业转型升级。",
  "地方政府设立专项资金，支持企业建设海外仓和品牌展示中心。",
  "公共服务平台整合报关、物流、金融和法律服务，企业办理时间明显缩短。",
  "行业协会牵头制定团体标准，产品质量和一致性得到海外采购商认可。",
  "龙头企业带动中小企业抱团出海，共享渠道、仓储和售后网络。",
  "基地与高校合作培养复合型外贸人才，每年组织多期实操培训。",
  "通过数字化改造，企业实现订单、生产和库存数据的实时联动。",
  "海关、税务和外汇管理部门协同推进便利化措施，通关效率持续提升。",
  "企业积极参加境外展会，在东南亚、中东和拉美市场开拓新客户。",
  "基地定期发布出口监测报告，帮助企业研判市场变化和贸易风险。",
];

type Json = Record<string, unknown>;
const text = (t: string, bold = false): Json =>
  bold ? { type: "text", text: t, marks: [{ type: "bold" }] } : { type: "text", text: t };
const para = (...content: Json[]): Json => ({ type: "paragraph", content });

/** About `chars` characters of running text, as paragraphs of three sentences. */
function paragraphs(chars: number, offset: number): Json[] {
  const out: Json[] = [];
  let used = 0;
  let i = offset;
  while (used < chars) {
    const three = [0, 1, 2].map((k) => SENTENCES[(i + k) % SENTENCES.length]!);
    i += 3;
    used += three.join("").length;
    out.push(para(text(three[0]!), text(three[1]!, out.length % 2 === 0), text(three[2]!)));
  }
  return out;
}

function section(chars: number, offset: number, heading: string): Json {
  return {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 3 }, content: [text(heading)] },
      ...paragraphs(chars - 60, offset),
      {
        type: "bulletList",
        content: [SENTENCES[offset % 10]!, SENTENCES[(offset + 5) % 10]!].map((s) => ({
          type: "listItem",
          content: [para(text(s))],
        })),
      },
    ],
  };
}

export function longCaseSpec(): CaseSpec {
  const sections = { background: 640, approach: 760, results: 620, replicability: 520, lessons: 460 };
  const headings = {
    background: "面临的问题",
    approach: "主要做法",
    results: "取得的成效",
    replicability: "可复制的条件",
    lessons: "经验与教训",
  };
  return {
    author: { username: "bench_author", email: "bench-author@example.test", displayName: "基准测试作者" },
    content: {
      title: "公共海外仓与数字化服务平台带动中小企业出海（基准测试长案例）",
      summary:
        "基地整合海外仓、通关、金融和培训服务，三年内带动三百多家中小企业开展跨境电商，出口额和订单交付时效明显改善。",
      stage: "scaled",
      periodStart: 2020,
      periodEnd: 2024,
      metrics: [
        { label: "跨境电商出口额", before: "3.2", after: "9.8", unit: "亿元", source: "海关统计" },
        { label: "开展跨境电商的企业", before: "85", after: "312", unit: "家", source: "基地统计" },
        { label: "平均交付时效", before: "15", after: "5", unit: "天", source: "企业调查" },
        { label: "海外仓面积", before: "1.5", after: "6.0", unit: "万平方米", source: "基地统计" },
        { label: "培训外贸人才", before: "200", after: "1,450", unit: "人次", source: "培训记录" },
      ],
      sections: Object.fromEntries(
        Object.entries(sections).map(([name, chars], i) => [
          name,
          section(chars, i * 3, headings[name as keyof typeof headings]),
        ]),
      ) as never,
    },
  };
}

/** Creates the case in the database of `env` (DATABASE_URL) and returns its path. */
export function createLongCase(env: NodeJS.ProcessEnv): string {
  const created = createCaseVia(longCaseSpec(), env);
  return `/cases/${created.slug}`;
}
