// Provincial-level divisions of mainland China. Codes are stored; names come
// from bases.json (provinces.*).
export const PROVINCES = [
  "beijing",
  "tianjin",
  "hebei",
  "shanxi",
  "inner-mongolia",
  "liaoning",
  "jilin",
  "heilongjiang",
  "shanghai",
  "jiangsu",
  "zhejiang",
  "anhui",
  "fujian",
  "jiangxi",
  "shandong",
  "henan",
  "hubei",
  "hunan",
  "guangdong",
  "guangxi",
  "hainan",
  "chongqing",
  "sichuan",
  "guizhou",
  "yunnan",
  "tibet",
  "shaanxi",
  "gansu",
  "qinghai",
  "ningxia",
  "xinjiang",
] as const;
export type Province = (typeof PROVINCES)[number];

export function isProvince(value: unknown): value is Province {
  return typeof value === "string" && (PROVINCES as readonly string[]).includes(value);
}
