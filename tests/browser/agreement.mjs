// SPDX-License-Identifier: Apache-2.0
// The browser's engine gives the same figures as `geosim run` (issue 18): for two shipped
// scenarios, the classroom page is run in headless Chromium with levers moved away from the
// scenario's values, and every figure of its result is compared with
// `geosim run --set PATH=VALUE ... --json` at the same seed and number of runs.
// Every figure must be identical, bit for bit: the same runs, blocks merged in the same order, no
// fused multiply-adds on either side, and the engine's own exp, expm1, log, log1p and pow
// (include/geosim/detmath.hpp) instead of glibc's on one side and musl's on the other.
// docs/classroom.md gives the measurement. The test prints how many figures it compared.
// Usage: node agreement.mjs GEOSIM_BINARY SOURCE_DIR
import { join } from "node:path";
import { check, engineReady, finish, geosimRun, openPage, playwright, requireEngine, tempDir } from "./lib.mjs";

const [geosim, src] = process.argv.slice(2);
if (!geosim || !src) { console.log("usage: node agreement.mjs GEOSIM_BINARY SOURCE_DIR"); process.exit(2); }
requireEngine(geosim);
const chromium = await playwright();
const tmp = tempDir();

const cases = [
  { file: "paris-2026.yaml", levers: { kyiv_red_line: "0.8", force_effect: "0.3" } },
  { file: "bargaining-101.yaml", levers: { uncertainty: "0.2" } },
];

let identical = 0;
// Exact for every figure (`exact` is kept to say which figures are counts in the message).
function compare(what, got, want, exact, out) {
  if (got === want) { identical++; return; }
  out.push(`${what}: browser ${got}, geosim run ${want}${exact ? "" : " (a floating-point aggregate)"}`);
}
function differences(id, got, want, out) {
  const counted = got.kind === "when" || got.kind === "count";
  for (const k of ["probability", "happened", "runs"]) if (k in want) compare(`${id}.${k}`, got[k], want[k], true, out);
  for (const k of ["mean", "sd", "min", "max"]) if (k in want) compare(`${id}.${k}`, got[k], want[k], got.kind === "count" && k !== "sd", out);
  (want.ci95 || []).forEach((v, i) => compare(`${id}.ci95[${i}]`, got.ci95[i], v, counted && got.kind === "when", out));
  for (const q in want.quantiles || {}) compare(`${id}.quantiles.${q}`, got.quantiles[q], want.quantiles[q], got.kind === "count", out);
}

for (const c of cases) {
  const scenario = join(src, "scenarios", c.file);
  const pageFile = join(tmp, c.file.replace(".yaml", ".html"));
  geosimRun(geosim, ["classroom", scenario, "-o", pageFile]);
  const { browser, page, errors } = await openPage(chromium, pageFile);
  let result = null;
  try {
    await engineReady(page);
    for (const [id, v] of Object.entries(c.levers)) await page.locator("#lever-" + id).fill(v);
    for (const input of await page.$$("[data-forecast]")) await input.fill("50");
    await page.click("#run");
    await page.waitForSelector("#results tbody tr", { timeout: 120000 });
    result = await page.evaluate(() => window.geosimClassroom.last());
  } catch (e) {
    check(false, `${c.file}: the page runs`, e.stack || e);
  } finally {
    await browser.close();
  }
  check(errors.length === 0, `${c.file}: no console error`, errors.join("\n"));
  if (!result) continue;
  const bundleLevers = JSON.parse(geosimRun(geosim, ["classroom", scenario, "-o", "-"]).match(/<script type="application\/json" id="geosim-bundle">(.*?)<\/script>/s)[1]).classroom.levers;
  const sets = [];
  for (const l of bundleLevers) sets.push("--set", `${l.path}=${c.levers[l.id] !== undefined ? c.levers[l.id] : String(l.value)}`);
  const args = ["run", scenario, "--seed", String(result.seed), "--runs", String(result.runs), "--engine", "interpreter", ...sets, "--json", "-", "-q"];
  const cli = JSON.parse(geosimRun(geosim, args));
  const diffs = [];
  let compared = 0;
  for (const o of result.outcomes) {
    if (!cli.outcomes[o.id]) { diffs.push(`${o.id}: not in geosim run's output`); continue; }
    differences(o.id, o, cli.outcomes[o.id], diffs);
    compared++;
  }
  check(compared === Object.keys(cli.outcomes).length && compared > 0,
        `${c.file}: the browser reports every outcome (${compared})`);
  check(diffs.length === 0, `${c.file}: every outcome figure agrees with geosim ${args.slice(0, -3).join(" ")}`, diffs.slice(0, 12).join("\n"));
  const bandDiffs = [];
  for (const s of result.series) {
    const want = cli.series[s.name];
    if (!want) { bandDiffs.push(`${s.name}: not in geosim run's output`); continue; }
    for (const k of ["p05", "p25", "p50", "p75", "p95"])
      want[k].forEach((v, i) => compare(`${s.name}.${k}[day ${want.day[i]}]`, s[k][i], v, false, bandDiffs));
  }
  check(result.series.length === Object.keys(cli.series).length && bandDiffs.length === 0,
        `${c.file}: the time-series bands (${result.series.length}) agree`, bandDiffs.slice(0, 12).join("\n"));
}
console.log(`     ${identical} figures bit-identical`);
finish();
