// The eight industries of the national foreign trade transformation and
// upgrading bases. Codes are stored; names come from bases.json (industries.*).
export const INDUSTRIES = [
  "machinery-electrical", // 机电
  "agricultural", // 农产品
  "light-industry-crafts", // 轻工工艺
  "textile-clothing", // 纺织服装
  "medicine", // 医药
  "new-materials", // 新型材料
  "specialized-chemicals", // 专用化学品
  "hardware-building", // 五金建材
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export function isIndustry(value: unknown): value is Industry {
  return typeof value === "string" && (INDUSTRIES as readonly string[]).includes(value);
}
