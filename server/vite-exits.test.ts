import { afterEach, describe, expect, it } from "vitest";
import { withoutViteExits } from "./vite-exits.ts";

describe("withoutViteExits", () => {
  const ours = () => {};
  afterEach(() => {
    process.off("SIGTERM", ours);
  });

  it("drops the SIGTERM and stdin-end listeners added while loading, keeps those added before", async () => {
    process.on("SIGTERM", ours);
    const vites = () => {};
    const built = await withoutViteExits(async () => {
      process.on("SIGTERM", vites);
      process.stdin.on("end", vites);
      return "build";
    });
    expect(built).toBe("build");
    expect(process.listeners("SIGTERM")).toContain(ours);
    expect(process.listeners("SIGTERM")).not.toContain(vites);
    expect(process.stdin.listeners("end")).not.toContain(vites);
  });

  it("drops them when loading fails too", async () => {
    const vites = () => {};
    await expect(
      withoutViteExits(async () => {
        process.on("SIGTERM", vites);
        throw new Error("syntax error in a route");
      }),
    ).rejects.toThrow("syntax error");
    expect(process.listeners("SIGTERM")).not.toContain(vites);
  });
});
