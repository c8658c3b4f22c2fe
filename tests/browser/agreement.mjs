// SPDX-License-Identifier: Apache-2.0
// The browser's engine gives the same figures as `geosim run` (issue 18): for two shipped
// scenarios, the classroom page is run in headless Chromium with levers moved away from the
// scenario's values, and every figure of its result (probabilities, intervals, counts, means,
// standard deviations, extremes, quantiles, the time-series bands) is compared with
// `geosim run --set PATH=VALUE ... --json` at the same seed and number of runs. They must be
// identical: the same blocks merged in the same order, and the same rounding (no fused
// multiply-adds on either side; musl's exp/log/pow and glibc's are both correctly rounded in
// the cases the engine meets). docs/classroom.md says what would change that.
//
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

// Every number of `want` (the CLI's JSON) that the browser also reports, compared exactly.
function differences(id, got, want, out) {
  const keys = ["probability", "happened", "runs", "mean", "sd", "min", "max"];
  for (const k of keys) if (k in got && k in want && got[k] !== want[k]) out.push(`${id}.${k}: browser ${got[k]}, geosim run ${want[k]}`);
  for (const k of ["ci95"]) if (JSON.stringify(got[k]) !== JSON.stringify(want[k])) out.push(`${id}.${k}: browser ${JSON.stringify(got[k])}, geosim run ${JSON.stringify(want[k])}`);
  if (want.quantiles && JSON.stringify(got.quantiles) !== JSON.stringify(want.quantiles))
    out.push(`${id}.quantiles: browser ${JSON.stringify(got.quantiles)}, geosim run ${JSON.stringify(want.quantiles)}`);
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
  check(diffs.length === 0, `${c.file}: every outcome figure is identical to geosim ${args.slice(0, -3).join(" ")}`, diffs.slice(0, 12).join("\n"));
  const bandDiffs = [];
  for (const s of result.series) {
    const want = cli.series[s.name];
    if (!want) { bandDiffs.push(`${s.name}: not in geosim run's output`); continue; }
    for (const k of ["p05", "p25", "p50", "p75", "p95"])
      if (JSON.stringify(s[k]) !== JSON.stringify(want[k])) bandDiffs.push(`${s.name}.${k} differs`);
  }
  check(result.series.length === Object.keys(cli.series).length && bandDiffs.length === 0,
        `${c.file}: the time-series bands (${result.series.length}) are identical`, bandDiffs.slice(0, 12).join("\n"));
}
finish();
