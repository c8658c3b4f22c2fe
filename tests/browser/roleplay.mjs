// SPDX-License-Identifier: Apache-2.0
// Role-play on the classroom page (issue 18, item 4), in headless Chromium from file:// with
// every other request blocked: a team plays Beijing in the Taiwan Strait scenario, holds at its
// first three weekly decisions and blockades at the fourth; the test checks that the page stops
// at each occasion with the rule's options, that the chronicle at the end marks exactly those
// choices as the team's and equals `geosim explain` of the saved policy at the same seed and run,
// that the saved policy (a YAML variant) runs in the CLI, given as the file and as --set, and that
// its 1,000 runs in the page give the table `geosim run` gives. Then 400 px: nothing overflows;
// no console errors.
//
// Usage: node roleplay.mjs GEOSIM_BINARY SOURCE_DIR
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, checkNoOverflowAt400, engineReady, finish, geosimRun, openPage, playwright, requireEngine, tempDir } from "./lib.mjs";

const [geosim, src] = process.argv.slice(2);
if (!geosim || !src) { console.log("usage: node roleplay.mjs GEOSIM_BINARY SOURCE_DIR"); process.exit(2); }
requireEngine(geosim);
const chromium = await playwright();
const tmp = tempDir();
const name = "taiwan-strait-quarantine.yaml";
const scenario = join(tmp, name);
copyFileSync(join(src, "scenarios", name), scenario);
const pageFile = join(tmp, "strait.html");
geosimRun(geosim, ["classroom", scenario, "-o", pageFile]);

// Polled from here, not with waitForFunction (the page's CSP refuses its polling code).
async function until(page, what, test, seconds = 60) {
  for (const deadline = Date.now() + seconds * 1000; !(await test());) {
    if (Date.now() > deadline) throw new Error(what + " did not happen within " + seconds + " s");
    await page.waitForTimeout(50);
  }
}

const plan = ["hold", "hold", "hold", "blockade"];  // the team's choices, occasion by occasion
const { browser, page, blocked, errors } = await openPage(chromium, pageFile);
try {
  await engineReady(page);
  check(await page.locator("#roleplay-panel").isVisible(), "the role-play panel shows for a scenario with classroom roles");
  check((await page.locator("#role-pick option").allTextContents()).join() .startsWith("China"), "a team can play China's decision");
  await page.fill("#team", "Team Beijing");
  await page.locator("#lever-us_resolve").fill("0.8");
  await page.waitForSelector("#role-start:not([disabled])", { timeout: 60000 });
  await page.click("#role-start");

  const days = [];
  for (let k = 0; k < plan.length; ++k) {
    await until(page, "occasion " + (k + 1), async () => (await page.locator("#role-occasion").isVisible()) &&
      (await page.locator("#role-when").textContent()) !== (days[days.length - 1] || ""));
    const when = await page.locator("#role-when").textContent();
    days.push(when);
    const options = await page.$$eval("#role-options tbody tr", (trs) => trs.map((tr) => ({
      action: tr.dataset.action, cells: Array.from(tr.children).map((c) => c.textContent) })));
    const chances = options.map((o) => Number(o.cells[1].replace("%", "")));
    check(options.length === 2 && options[0].action === "hold" && options[1].action === "blockade" &&
          Math.abs(chances[0] + chances[1] - 100) < 0.2,
          `occasion ${k + 1} (${when}): the options with the rule's chances and utilities`, JSON.stringify(options));
    await page.click(`#role-options button[data-choose=${plan[k]}]`);
  }
  check(/^Day 1: China decides/.test(days[0]) && /^Day 8: /.test(days[1]) && /^Day 15: /.test(days[2]) && /^Day 22: /.test(days[3]),
        "the run stops at China's weekly decisions, days 1, 8, 15 and 22", days.join(" | "));

  // After the blockade Beijing's decision is over (when: CHN.blockade == 0): the run ends.
  await until(page, "the end of the role-play run", async () => page.locator("#role-end").isVisible());
  const team = await page.locator("#role-story li.team").allTextContents();
  check(team.length === plan.length && team.slice(0, 3).every((t) => /Your team's choice\. China chooses: hold/.test(t)) &&
        /China chooses: blockade/.test(team[3]) && team.every((t) => /Fixed by the policy/.test(t)),
        "the chronicle shows the team's four choices, marked as the team's", team.join("\n"));

  // The saved policy: a variant file extending the scenario.
  const policy = await page.locator("#role-policy").inputValue();
  check(policy === await page.evaluate(() => window.geosimClassroom.rolePolicy()), "the policy text is the one the page exports");
  const want = "decisions.escalate.policy:\n        - {from_day: 0, action: hold}\n        - {from_day: 7, action: hold}\n" +
               "        - {from_day: 14, action: hold}\n        - {from_day: 21, action: blockade}\n";
  check(policy.includes("extends: " + name) && policy.includes("actors.USA.variables.resolve: 0.8") && policy.includes(want),
        "the policy holds the lever setting and one piece per choice", policy);
  const download = page.waitForEvent("download");
  await page.click("#role-download");
  check((await download).suggestedFilename() === "team-policy.yaml", "the policy downloads as YAML");
  const policyFile = join(tmp, "team-policy.yaml");
  writeFileSync(policyFile, policy);

  // The class's run retold by the CLI from the saved policy: the same days and outcomes.
  const told = JSON.parse(geosimRun(geosim, ["explain", policyFile, "--variant", "team_policy", "--seed", "1", "--run", "0",
                                             "--json", "-"]));
  const pageStory = await page.evaluate(() => window.geosimClassroom.roleChronicle());
  // Compared with keys sorted: the browser engine's JSON keeps keys in sorted order, the CLI's in the order written.
  const canon = (v) => JSON.stringify(v, (k, x) => x && typeof x === "object" && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x);
  check(told.days.length > plan.length && canon(told.days) === canon(pageStory.days) && canon(told.outcomes) === canon(pageStory.outcomes),
        "geosim explain of the saved policy tells the class's run exactly as the page did",
        canon(told.days).slice(0, 400) + "\n" + canon(pageStory.days).slice(0, 400));

  // The policy a thousand times, in the page and in the CLI (as the file and as --set).
  await page.click("#role-many");
  await until(page, "the policy's runs", async () => page.locator("#role-results").isVisible(), 120);
  const rows = await page.$$eval("#role-results tbody tr", (trs) => trs.map((tr) => ({
    id: tr.dataset.outcome, cells: Array.from(tr.children).map((c) => c.textContent) })));
  const runs = (args) => JSON.parse(geosimRun(geosim, ["run", ...args, "--seed", "1", "--runs", "1000", "--engine", "interpreter", "--json", "-", "-q"]));
  const fromFile = runs([policyFile, "--variant", "team_policy"]);
  const fromSet = runs([scenario, "--set", "actors.USA.variables.resolve=0.8", "--set",
                        "decisions.escalate.policy=[{from_day: 0, action: hold}, {from_day: 7, action: hold}, {from_day: 14, action: hold}, {from_day: 21, action: blockade}]"]);
  check(rows.length === 4, "the policy's table has the page's four outcomes", JSON.stringify(rows));
  const pct = (p) => (100 * p).toFixed(1) + "%";
  for (const r of rows) {
    const o = fromFile.outcomes[r.id], s = fromSet.outcomes[r.id];
    check(o.probability === s.probability && o.n === s.n, `${r.id}: the policy file and --set give the same runs`, `${o.probability} ${s.probability}`);
    check(r.cells[2] === pct(o.probability) && r.cells[3] === pct(o.ci95[0]) + " – " + pct(o.ci95[1]),
          `${r.id}: the page's 1,000 policy runs as geosim run prints them`, `page ${r.cells[2]} ${r.cells[3]}, geosim ${pct(o.probability)}`);
  }
  const blockadeRow = rows.find((r) => r.id === "blockade");
  check(blockadeRow && blockadeRow.cells[1] === "happened" && blockadeRow.cells[2] === "100.0%",
        "the class's run had the blockade, as the policy forces in every run", JSON.stringify(blockadeRow));

  await checkNoOverflowAt400(page);
} catch (e) {
  check(false, "the role-play works as a team plays it", e.stack || e);
} finally {
  await browser.close();
}
check(blocked.length === 0, "the page asks for nothing but file: (no network request to block)", blocked.join("\n"));
check(errors.length === 0, "no console error, uncaught exception or failed load", errors.join("\n"));
finish();
