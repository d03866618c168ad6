import { describe, expect, it } from "vitest";
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  frequencyMarker,
  mailIntervalMinutes,
  notificationCategory,
  parseNotificationSettings,
  serializeNotificationSettings,
  wantsInApp,
  wantsMail,
} from "./notification-settings.ts";

describe("notification settings", () => {
  it("defaults to everything mailed in the next batch, for empty, malformed and partial values", () => {
    expect(parseNotificationSettings("{}")).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    expect(parseNotificationSettings("not json")).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    expect(parseNotificationSettings("[1,2]")).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    expect(parseNotificationSettings(null)).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    const partial = parseNotificationSettings('{"delivery":{"mentions":"off","replies":"loud"},"frequency":"hourly"}');
    expect(partial.delivery).toEqual({ replies: "email", mentions: "off", follows: "email", decisions: "email" });
    expect(partial.frequency).toBe("batch");
  });

  it("round-trips and writes the frequency marker the mail job matches", () => {
    const s = {
      delivery: { replies: "site", mentions: "off", follows: "email", decisions: "site" },
      frequency: "weekly",
    } as const;
    const text = serializeNotificationSettings(s);
    expect(parseNotificationSettings(text)).toEqual(s);
    expect(text).toContain(frequencyMarker("weekly"));
    expect(text).not.toContain(frequencyMarker("daily"));
  });

  it("sorts notification types into the four kinds", () => {
    expect(notificationCategory("comment.reply")).toBe("replies");
    expect(notificationCategory("comment.onYourCase")).toBe("replies");
    expect(notificationCategory("adoption.onYourCase.adopted")).toBe("replies");
    expect(notificationCategory("comment.mention")).toBe("mentions");
    expect(notificationCategory("comment.followed")).toBe("follows");
    expect(notificationCategory("adoption.followed.piloting")).toBe("follows");
    expect(notificationCategory("affiliation.approved")).toBe("decisions");
    expect(notificationCategory("submission.selected")).toBe("decisions");
    expect(notificationCategory("moderation.warned")).toBe("decisions");
    expect(notificationCategory("something.new")).toBe("replies");
  });

  it("off means neither in-app nor mail; site means in-app only", () => {
    const s = parseNotificationSettings('{"delivery":{"follows":"off","mentions":"site"}}');
    expect(wantsInApp(s, "comment.followed")).toBe(false);
    expect(wantsMail(s, "comment.followed")).toBe(false);
    expect(wantsInApp(s, "comment.mention")).toBe(true);
    expect(wantsMail(s, "comment.mention")).toBe(false);
    expect(wantsMail(s, "comment.reply")).toBe(true);
  });

  it("daily and weekly never mail more often than the batch interval", () => {
    expect(mailIntervalMinutes("batch", 15)).toBe(15);
    expect(mailIntervalMinutes("daily", 15)).toBe(1440);
    expect(mailIntervalMinutes("weekly", 15)).toBe(10080);
    expect(mailIntervalMinutes("daily", 2000)).toBe(2000);
  });
});
