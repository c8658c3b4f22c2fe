// SPDX-License-Identifier: Apache-2.0
// The classroom page in a real browser (issue 18): `geosim classroom` writes it, headless
// Chromium opens it from file:// with every other request blocked, and the test does what a
// student does: moves a lever, tries to run without a forecast (refused), enters a forecast,
// runs, reads the results table (checked against `geosim run` with the same --set and seed),
// asks for a run's chronicle, exports the history; then at a 400-pixel-wide viewport checks that
// nothing is wider than the screen. Any console error, failed or blocked load fails the test.
//
// Usage: node classroom.mjs GEOSIM_BINARY SOURCE_DIR
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { check, checkNoOverflowAt400, engineReady, finish, geosimRun, openPage, playwright, requireEngine, tempDir } from "./lib.mjs";

const [geosim, src] = process.argv.slice(2);
if (!geosim || !src) { console.log("usage: node classroom.mjs GEOSIM_BINARY SOURCE_DIR"); process.exit(2); }
requireEngine(geosim);
const chromium = await playwright();
const tmp = tempDir();
const scenario = join(src, "scenarios", "paris-2026.yaml");
const pageFile = join(tmp, "paris.html");

geosimRun(geosim, ["classroom", scenario, "-o", pageFile]);
const html = readFileSync(pageFile, "utf8");
check(statSync(pageFile).size > 500000, "geosim classroom writes one page holding the engine (" + statSync(pageFile).size + " bytes)");
check(!/<(script|link|img)[^>]+(src|href)=["']?(https?:|\/\/)/i.test(html), "the page names no network resource");

const { browser, page, blocked, errors } = await openPage(chromium, pageFile);
try {
  await engineReady(page);
  check(true, "the engine starts in the page's worker from file://");

  // A lever: US attention from 0.6 to 0.3.
  await page.locator("#lever-us_attention").fill("0.3");
  check(await page.locator("output[for=lever-us_attention]").textContent() === "0.3", "moving a lever shows its new value");

  // No forecast yet: the page asks for one and runs nothing.
  await page.click("#run");
  const refusal = await page.locator("#run-message").textContent();
  check(/forecast/i.test(refusal) && await page.locator("#results-panel").isHidden(), "a run without a forecast is refused", refusal);

  await page.fill("#team", "Team A");
  await page.fill("[data-forecast=ceasefire_signed]", "40");
  await page.fill("[data-forecast=ceasefire_broken]", "10");
  const t0 = Date.now();
  await page.click("#run");
  await page.waitForSelector("#results tbody tr", { timeout: 120000 });
  const seconds = (Date.now() - t0) / 1000;
  console.log(`     2,000 runs of paris-2026 in the browser: ${seconds.toFixed(2)} s from click to table; ` +
              `the page says: ${await page.locator("#run-message").textContent()}`);
  check(seconds < 60, "the run finishes (generous limit 60 s; the target is under 2 s, docs/classroom.md)", seconds);

  const rows = await page.$$eval("#results tbody tr", (trs) => trs.map((tr) => ({
    id: tr.dataset.outcome, cells: Array.from(tr.children).map((c) => c.textContent) })));
  check(rows.length === 6, "the results table has the six outcomes of the classroom section", JSON.stringify(rows));
  const signed = rows.find((r) => r.id === "ceasefire_signed");
  check(signed && signed.cells[1] === "40.0%", "the table shows the forecast beside the result", JSON.stringify(signed));

  const cli = JSON.parse(geosimRun(geosim, ["run", scenario, "--seed", "1", "--runs", "2000", "--engine", "interpreter",
                                            "--set", "actors.USA.variables.attention.value=0.3", "--json", "-", "-q"]));
  for (const r of rows) {
    const o = cli.outcomes[r.id];
    const pct = (p) => (100 * p).toFixed(1) + "%";
    const fix = (x) => Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
    const want = o.kind === "when" ? [pct(o.probability), pct(o.ci95[0]) + " – " + pct(o.ci95[1])]
                                   : [fix(o.mean), fix(o.ci95[0]) + " – " + fix(o.ci95[1])];
    check(r.cells[2] === want[0] && r.cells[3] === want[1], `${r.id}: result and interval as geosim run --set ... prints them`,
          `page ${r.cells[2]} ${r.cells[3]}, geosim run ${want[0]} ${want[1]}`);
  }
  const reproduce = await page.locator("#reproduce").textContent();
  check(reproduce.includes("--set actors.USA.variables.attention.value=0.3"), "the page shows the command line that reproduces the run", reproduce);

  // The chart and the chronicle of a run picked by outcome.
  check(await page.locator("#chart-forecast svg").count() === 1, "the forecast-against-result chart is drawn");
  check(await page.locator("#chart-series svg").count() === 1, "the time-series chart is drawn");
  await page.selectOption("#story-outcome", "ceasefire_broken");
  await page.selectOption("#story-happened", "yes");
  await page.click("#story");
  // Polled from here, not with waitForFunction: its polling evaluates code in the page, which the
  // page's Content Security Policy (no 'unsafe-eval') refuses once the first check fails.
  for (const deadline = Date.now() + 60000; !/^Run \d+ of this job/.test(await page.locator("#chronicle").textContent());) {
    if (Date.now() > deadline) throw new Error("the chronicle did not appear within 60 s");
    await page.waitForTimeout(100);
  }
  const story = await page.locator("#chronicle").textContent();
  check(/ceasefire/i.test(story), "the chronicle tells a run in which the ceasefire broke", story.slice(0, 200));

  // The class history and its CSV.
  check(await page.locator("#history tbody tr").count() === 1, "the class history has the run");
  const csv = await page.evaluate(() => window.geosimClassroom.historyCsv());
  const lines = csv.trim().split("\r\n");
  check(lines.length === 2 && lines[0].startsWith("run,team,time,actors.USA.variables.attention.value,") &&
        lines[1].startsWith("1,Team A,") && lines[1].includes(",0.3,") && lines[1].includes(",0.4,"),
        "the history's CSV has the lever setting and the forecast", csv);
  const download = page.waitForEvent("download");
  await page.click("#export");
  check((await download).suggestedFilename().endsWith("-history.csv"), "the history downloads as CSV");

  await checkNoOverflowAt400(page);
} catch (e) {
  check(false, "the page works as a student uses it", e.stack || e);
} finally {
  await browser.close();
}
check(blocked.length === 0, "the page asks for nothing but file: (no network request to block)", blocked.join("\n"));
check(errors.length === 0, "no console error, uncaught exception or failed load", errors.join("\n"));
finish();
