// The initial topic list. Loaded on start when the table is empty — real data,
// not demo: admins manage the list afterwards at /admin/topics.
import { prisma } from "../app/utils/db.server.ts";
import { upsertTopics, type TopicInput } from "../app/models/topic.server.ts";

export const DEFAULT_TOPICS: TopicInput[] = [
  { slug: "branding-quality", nameZh: "品牌建设与质量提升", nameEn: "Branding and quality", position: 1 },
  { slug: "digitization", nameZh: "数字化转型", nameEn: "Digitization", position: 2 },
  { slug: "public-services", nameZh: "公共服务平台", nameEn: "Public-service platforms", position: 3 },
  { slug: "industrial-cluster", nameZh: "产业集群发展", nameEn: "Industrial clusters", position: 4 },
  { slug: "innovation", nameZh: "创新驱动", nameEn: "Innovation", position: 5 },
  { slug: "cross-border-ecommerce", nameZh: "跨境电商", nameEn: "Cross-border e-commerce", position: 6 },
  { slug: "logistics", nameZh: "物流与供应链", nameEn: "Logistics and supply chains", position: 7 },
  { slug: "talent", nameZh: "人才培养", nameEn: "Talent", position: 8 },
  { slug: "standards-certification", nameZh: "标准与认证", nameEn: "Standards and certification", position: 9 },
];

export async function seedTopicsIfEmpty(): Promise<void> {
  if ((await prisma.topic.count()) > 0) return;
  await upsertTopics(DEFAULT_TOPICS);
}
