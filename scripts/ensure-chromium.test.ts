import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findChromium } from "./ensure-chromium.ts";

describe("findChromium", () => {
  it("prefers CHROMIUM_PATH when it points at an executable", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-chromium-"));
    const bin = path.join(dir, "chrome");
    fs.writeFileSync(bin, "#!/bin/sh\n", { mode: 0o755 });
    expect(findChromium({ CHROMIUM_PATH: bin })).toBe(bin);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives null for a CHROMIUM_PATH that does not exist instead of falling back", () => {
    expect(findChromium({ CHROMIUM_PATH: "/nonexistent/chromium" })).toBeNull();
  });

  it("gives null for a CHROMIUM_PATH that is not executable", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-chromium-"));
    const file = path.join(dir, "chrome");
    fs.writeFileSync(file, "", { mode: 0o644 });
    expect(findChromium({ CHROMIUM_PATH: file })).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
