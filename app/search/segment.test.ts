// Segmentation: the same cut for text and query, sub-words of compounds, and the
// measurement behind docs/decisions/006-chinese-segmentation.md (printed).
import { describe, expect, it } from "vitest";
import {
  cutHan,
  cutWords,
  dictionaryLines,
  intlSegment,
  segmentForIndex,
  segmentQuery,
  wordsInside,
} from "./segment.ts";

const TEXTS = [
  "义乌外贸转型升级基地依托跨境电商平台，推动中小企业品牌建设和海外仓物流布局。",
  "基地以数字化转型为抓手，建设公共服务平台，为产业集群提供检测、标准认证和人才培训。",
  "通过跨境电商直播带货，企业出口订单同比增长，物流成本明显下降。",
  "纺织服装产业集群开展品牌国际化，参加境外展会，拓展国际市场。",
  "医药基地完善质量标准体系，推进国际认证，提升出口竞争力。",
  "农产品基地发展冷链物流，建立质量追溯平台，带动农户增收。",
  "机电基地推进智能制造和数字化车间改造，培育专精特新企业。",
  "市场采购贸易方式试点让小商品出口更便利，外贸综合服务企业提供通关服务。",
  "五金建材基地建立行业公共服务平台，组织企业参与国际标准制定。",
  "新型材料基地引进高端人才，建设研发中心，加快科技成果转化。",
  "专用化学品基地推进绿色低碳转型，开展安全生产标准化建设。",
  "轻工工艺基地打造区域品牌，利用跨境电商拓展欧美市场。",
];

const QUERIES = [
  "外贸转型升级基地",
  "转型升级",
  "外贸",
  "基地",
  "跨境电商",
  "跨境",
  "电商",
  "数字化转型",
  "数字化",
  "转型",
  "品牌建设",
  "品牌",
  "物流",
  "海外仓",
  "公共服务平台",
  "公共服务",
  "服务平台",
  "平台",
  "产业集群",
  "集群",
  "标准认证",
  "认证",
  "标准",
  "人才",
  "出口",
  "订单",
  "国际市场",
  "冷链物流",
  "冷链",
  "智能制造",
  "专精特新",
  "市场采购",
  "小商品",
  "通关",
  "研发中心",
  "绿色低碳",
  "区域品牌",
  "直播带货",
  "质量追溯",
  "国际认证",
  // sub-words of words a segmenter may keep whole in context
  "企业",
  "中小企业",
  "小企业",
  "化学品",
  "竞争力",
  "低碳",
  "商品",
  "带货",
  "国际化",
  "研发",
  "制造",
  "追溯",
  "增收",
  "标准化",
  "建设",
  "服务",
  "科技成果",
  "成果转化",
  "服装",
  "建材",
];

type Cut = (s: string) => string[];

function measure(cut: Cut, cutText: Cut = cut) {
  const textTokens = TEXTS.map((t) => new Set(cutText(t)));
  let relevant = 0;
  let found = 0;
  let returned = 0;
  let wrong = 0;
  const misses: string[] = [];
  for (const q of QUERIES) {
    const qt = cut(q);
    TEXTS.forEach((t, i) => {
      const isRelevant = t.includes(q);
      const isFound = qt.length > 0 && qt.every((x) => textTokens[i]!.has(x));
      if (isRelevant) relevant++;
      if (isFound) returned++;
      if (isRelevant && isFound) found++;
      if (isRelevant && !isFound) misses.push(q);
      if (!isRelevant && isFound) wrong++;
    });
  }
  return {
    recall: found / relevant,
    precision: returned ? (returned - wrong) / returned : 1,
    relevant,
    misses: [...new Set(misses)],
  };
}

describe("Chinese segmentation", () => {
  it("measures recall of Intl.Segmenter against jieba (printed for ADR 006)", () => {
    const intl = measure(intlSegment);
    const indexCut: Cut = (s) =>
      segmentForIndex(s)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
    const jiebaIndex = measure(indexCut);
    // What the engine does: text cut for the index, query cut with covered words dropped.
    const jiebaCut = measure(
      (s) => segmentQuery(s).flatMap((p) => (p.kind === "han" ? p.tokens : [p.token])),
      indexCut,
    );
    console.log(
      `[segmentation] ${QUERIES.length} queries x ${TEXTS.length} texts, ${intl.relevant} relevant pairs\n` +
        `  Intl.Segmenter:          recall ${(intl.recall * 100).toFixed(1)}%  precision ${(intl.precision * 100).toFixed(1)}%  misses: ${intl.misses.join(" ")}\n` +
        `  jieba, same cut both sides: recall ${(jiebaIndex.recall * 100).toFixed(1)}%  precision ${(jiebaIndex.precision * 100).toFixed(1)}%  misses: ${jiebaIndex.misses.join(" ")}\n` +
        `  jieba as the engine uses it (query: covered words dropped): recall ${(jiebaCut.recall * 100).toFixed(1)}%  precision ${(jiebaCut.precision * 100).toFixed(1)}%  misses: ${jiebaCut.misses.join(" ")}`,
    );
    console.log(
      `  Intl on 跨境电商: ${intlSegment("跨境电商").join("|")}; in context: ${intlSegment(TEXTS[0]!).join("|")}`,
    );
    expect(jiebaCut.recall).toBeGreaterThan(intl.recall);
    expect(jiebaCut.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("emits the sub-words of domain compounds", () => {
    expect(cutHan("外贸转型升级基地")).toEqual(
      expect.arrayContaining(["外贸", "转型", "升级", "基地", "外贸转型升级基地"]),
    );
    expect(cutHan("跨境电商")).toEqual(expect.arrayContaining(["跨境", "电商", "跨境电商"]));
    expect(cutHan("数字化转型")).toEqual(expect.arrayContaining(["数字", "数字化", "转型"]));
  });

  it("splits mixed queries into Chinese runs and words, folded", () => {
    expect(segmentQuery("跨境电商 Export Café")).toEqual([
      { kind: "han", raw: "跨境电商", tokens: expect.arrayContaining(["跨境", "电商"]) },
      { kind: "word", raw: "export", token: "export" },
      { kind: "word", raw: "café", token: "cafe" },
    ]);
    expect(segmentForIndex("Plain English text")).toBe("plain english text");
  });

  it("loads jieba's dictionary without its rare words, but with those inside added terms (ADR 078)", () => {
    const dict = Buffer.from("的 318825 uj\n海关监管 4 n\n电商 5 n\n海关 466 n\n监管 1068 vn\n一时之选 4 i");
    const keep = wordsInside(["跨境电商"]);
    expect([...keep]).toEqual(expect.arrayContaining(["跨境", "电商", "境电", "跨境电商"]));
    expect(dictionaryLines(dict, 10, keep).toString()).toBe("的 318825 uj\n电商 5 n\n海关 466 n\n监管 1068 vn\n");
    // The last line without a newline, kept.
    expect(dictionaryLines(dict, 4, new Set()).toString()).toBe(dict.toString());
    // The process's dictionary: a rare compound is cut into its common words; 电商 (frequency 5) stays a word.
    expect(cutWords("海关监管")).toEqual(["海关", "监管"]);
    expect(cutWords("农村电商")).toEqual(["农村", "电商"]);
  });
});
