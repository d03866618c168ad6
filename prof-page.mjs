import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const ctx = await b.newContext({ locale: "zh-CN" });
const p = await ctx.newPage();
await p.goto("http://127.0.0.1:42857/"); // warm caches
const cdp = await ctx.newCDPSession(p);
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
await p.goto("http://127.0.0.1:42857" + (process.argv[2] || "/"), { waitUntil: "load" });
await p.waitForTimeout(1500);
const { profile } = await cdp.send("Profiler.stop");
const self = new Map(); const byUrl = new Map();
const dt = profile.timeDeltas; const idx = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((s, i) => { const n = idx.get(s); const k = (n.callFrame.functionName || "(anon)") + " " + n.callFrame.url.replace(/.*\//, "") + ":" + n.callFrame.lineNumber; self.set(k, (self.get(k) || 0) + dt[i]); const u = n.callFrame.url.replace(/.*\//, "") || n.callFrame.functionName; byUrl.set(u, (byUrl.get(u) || 0) + dt[i]); });
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => (v / 1000).toFixed(0).padStart(6) + " " + k).join("\n");
console.log(top(byUrl, 12)); console.log("--"); console.log(top(self, 25));
await b.close();
