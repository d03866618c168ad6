// Test bases, created through the base model.
import { prisma } from "~/utils/db.server.ts";
import { createBases, type NewBase } from "~/models/base.server.ts";
import type { Industry } from "~/models/industry.ts";
import type { Province } from "~/models/province.ts";

let counter = 0;

export async function createTestBase(overrides: Partial<NewBase> = {}) {
  counter += 1;
  const slug = overrides.slug ?? `test-base-${Date.now().toString(36)}-${counter}`;
  const base: NewBase = {
    code: `T-${slug}`,
    slug,
    nameZh: `测试基地${counter}`,
    nameEn: `Test Base ${counter}`,
    industry: "machinery-electrical" as Industry,
    province: "zhejiang" as Province,
    cityZh: "杭州市",
    cityEn: "Hangzhou",
    descriptionZh: "中文简介",
    descriptionEn: "English description",
    ...overrides,
  };
  await createBases(prisma, [base]);
  return prisma.base.findUniqueOrThrow({
    where: { slug },
    select: { id: true, slug: true, nameZh: true, nameEn: true },
  });
}
