// The moderation vocabulary (ADR 035), shared by the model and the forms that
// the browser also validates: report reasons, item types, queue actions, limits.
export const REPORT_REASONS = ["spam", "offensive", "misinformation", "privacy", "off-topic", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_TARGETS = ["case", "comment"] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];
export const REPORT_STATUSES = ["open", "dismissed", "actioned"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const QUEUE_ACTIONS = ["dismiss", "hide", "delete", "warn", "suspend"] as const;
export type QueueAction = (typeof QUEUE_ACTIONS)[number];
export const CASE_MODERATIONS = ["hide", "unhide", "lock", "unlock"] as const;

export const REPORT_NOTE_MAX = 1000;
export const MODERATION_REASON_MAX = 500;
/** Items one bulk action may touch (each is its own transaction). */
export const BULK_MAX = 50;
/** The most first posts an administrator may make wait (FIRST_POSTS_MAX in approval.server.ts). */
export const FIRST_POSTS_LIMIT = 20;
