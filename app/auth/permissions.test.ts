import { describe, expect, it } from "vitest";
import { can, isRole } from "./permissions.ts";

describe("permissions", () => {
  it("lets members edit only their own profile", () => {
    expect(can({ role: "member" }, "update:user:own")).toBe(true);
    expect(can({ role: "member" }, "update:user:any")).toBe(false);
  });

  it("lets admins edit anyone's profile, but not moderators", () => {
    expect(can({ role: "admin" }, "update:user:any")).toBe(true);
    expect(can({ role: "moderator" }, "update:user:any")).toBe(false);
  });

  it("keeps role changes and suspension for admins", () => {
    for (const p of ["update:role:any", "suspend:user:any"] as const) {
      expect(can({ role: "admin" }, p)).toBe(true);
      expect(can({ role: "moderator" }, p)).toBe(false);
      expect(can({ role: "member" }, p)).toBe(false);
    }
  });

  it("gives moderators everything members have", () => {
    expect(can({ role: "moderator" }, "create:comment:own")).toBe(true);
    expect(can({ role: "moderator" }, "hide:comment:any")).toBe(true);
    expect(can({ role: "member" }, "hide:comment:any")).toBe(false);
  });

  it("denies everything to nobody and to unknown roles", () => {
    expect(can(null, "update:user:own")).toBe(false);
    expect(can(undefined, "update:user:own")).toBe(false);
    expect(can({ role: "superuser" }, "update:user:own")).toBe(false);
    expect(can({ role: "ADMIN" }, "update:user:any")).toBe(false);
    expect(isRole("admin")).toBe(true);
    expect(isRole("root")).toBe(false);
  });

  it("gives ministry staff moderation plus curation, and keeps the registry and roles for admins", () => {
    for (const p of [
      "hide:case:any",
      "review:report:any",
      "manage:call:any",
      "manage:collection:any",
      "read:insights:any",
    ] as const) {
      expect(can({ role: "ministry" }, p)).toBe(true);
      expect(can({ role: "admin" }, p)).toBe(true);
    }
    for (const p of ["manage:call:any", "read:insights:any", "export:compendium:any"] as const) {
      expect(can({ role: "moderator" }, p)).toBe(false);
      expect(can({ role: "member" }, p)).toBe(false);
    }
    for (const p of ["manage:base:any", "update:role:any", "read:audit:any"] as const) {
      expect(can({ role: "ministry" }, p)).toBe(false);
    }
  });
});
