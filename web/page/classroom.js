// SPDX-License-Identifier: Apache-2.0
// The classroom page (docs/classroom.md): levers, a forecast before every run, the run in a Web
// Worker, results against the forecast, one run told, and the class history with CSV export.
// Everything comes from the bundle `geosim classroom` inlined; nothing is fetched.
"use strict";
(function () {
  const bundle = JSON.parse(document.getElementById("geosim-bundle").textContent);
  const room = bundle.classroom;
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const outcomeById = {};
  for (const o of room.outcomes) outcomeById[o.id] = o;

  // ---- numbers -----------------------------------------------------------------------------
  // Lever values travel as text, exactly as `geosim run --set PATH=VALUE` would be typed: a
  // decimal with no more places than the lever's step and range ends need, trailing zeros dropped.
  function places(x) {
    const s = String(x);
    if (s.indexOf("e-") >= 0) return Number(s.split("e-")[1]);
    const dot = s.indexOf(".");
    return dot < 0 ? 0 : s.length - dot - 1;
  }
  function leverText(lever, v) {
    const p = Math.min(12, Math.max(places(lever.step), places(lever.min), places(lever.max)));
    let s = Number(v).toFixed(p);
    if (s.indexOf(".") >= 0) s = s.replace(/0+$/, "").replace(/\.$/, "");
    return s === "-0" ? "0" : s;
  }
  const pct = (p) => (p === null || p === undefined || Number.isNaN(p)) ? "–" : (100 * p).toFixed(1) + "%";
  const fix = (x) => (x === null || x === undefined || Number.isNaN(x)) ? "–" : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
  // The headline of an outcome: a probability for `when`, the mean for `value` and `count`.
  function headline(o) {
    if (o.kind === "when") return { value: o.probability, lo: o.ci95[0], hi: o.ci95[1], text: pct(o.probability), ci: pct(o.ci95[0]) + " – " + pct(o.ci95[1]) };
    return { value: o.mean, lo: o.ci95[0], hi: o.ci95[1], text: fix(o.mean), ci: fix(o.ci95[0]) + " – " + fix(o.ci95[1]) };
  }
  const forecastUnit = (o) => o.kind === "when" ? "chance, %" : o.kind === "count" ? "mean count" : "mean value";

  // ---- the header, levers, forecasts and questions -------------------------------------------
  $("title").textContent = room.title;
  $("intro").textContent = room.intro || bundle.scenario.description || "";
  $("run").textContent = "Run " + room.runs.toLocaleString("en") + " times";
  $("footer").textContent = "Made with geosim " + bundle.geosim + " (commit " + bundle.commit + ") from " +
    bundle.scenario.file + ". Every run of this page is the same as geosim run on that file with the same seed and --set values.";

  const leverInputs = {};
  for (const lever of room.levers) {
    const box = el("div", { class: "lever" });
    const id = "lever-" + lever.id;
    box.appendChild(el("label", { for: id }, lever.label));
    if (lever.describe) box.appendChild(el("p", { class: "describe small" }, lever.describe));
    const control = el("div", { class: "control" });
    const input = el("input", { type: "range", id: id, min: lever.min, max: lever.max, step: lever.step, "data-lever": lever.id });
    input.value = lever.value;
    const out = el("output", { for: id }, leverText(lever, lever.value));
    input.addEventListener("input", () => { out.textContent = leverText(lever, input.value); });
    control.appendChild(input);
    control.appendChild(out);
    box.appendChild(control);
    const ends = el("div", { class: "ends small" });
    ends.appendChild(el("span", {}, leverText(lever, lever.min)));
    ends.appendChild(el("span", {}, leverText(lever, lever.max)));
    box.appendChild(ends);
    $("levers").appendChild(box);
    leverInputs[lever.id] = { lever: lever, input: input, out: out };
  }
  if (!room.levers.length) $("levers").appendChild(el("p", { class: "small" }, "This page has no levers: every run uses the scenario as written."));
  $("reset-levers").addEventListener("click", () => {
    for (const k in leverInputs) {
      const l = leverInputs[k];
      l.input.value = l.lever.value;
      l.out.textContent = leverText(l.lever, l.lever.value);
    }
  });
  const leverSettings = () => room.levers.map((l) => ({ path: l.path, value: leverText(l, leverInputs[l.id].input.value) }));

  const forecastInputs = {};
  for (const id of room.forecast) {
    const o = outcomeById[id] || { id: id, label: id, kind: "when" };
    const label = el("label", { class: "field" });
    label.appendChild(document.createTextNode(o.label + " (" + forecastUnit(o) + ")"));
    const input = el("input", o.kind === "when" ? { type: "number", min: "0", max: "100", step: "1", "data-forecast": id, inputmode: "decimal" }
                                                : { type: "number", step: "any", "data-forecast": id, inputmode: "decimal" });
    label.appendChild(input);
    $("forecasts").appendChild(label);
    forecastInputs[id] = { outcome: o, input: input };
  }
  if (room.questions.length) {
    $("questions-panel").hidden = false;
    for (const q of room.questions) $("questions").appendChild(el("li", {}, q.text));
  }

  // ---- the worker --------------------------------------------------------------------------
  // Its script is the engine followed by worker.js, both inlined in this page as text.
  const source = document.getElementById("geosim-engine").textContent + "\n" + document.getElementById("geosim-worker").textContent;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  let nextId = 1, pending = null, ready = false;
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === "ready") {
      ready = true;
      $("engine-status").textContent = "Engine ready: runs happen in this browser, with no network.";
      $("run").disabled = false;
      $("role-start").disabled = false;
    } else if (m.type === "progress" && role.owns(m.id)) {
      $("role-progress").value = m.done / m.total;
    } else if (m.type === "result" && role.owns(m.id)) {
      role.onResult(m.result, m.ms);
    } else if (m.type === "progress") {
      $("progress").value = m.done / m.total;
      $("run-message").textContent = m.done.toLocaleString("en") + " of " + m.total.toLocaleString("en") + " runs";
    } else if (m.type === "result" && pending && pending.id === m.id) {
      const p = pending;
      pending = null;
      finishRun(p, m.result, m.ms);
    } else if (m.type === "chronicle") {
      showChronicle(m.reply);
    } else if (m.type === "roleplay") {
      role.onReply(m.reply);
    } else if (m.type === "error" && role.owns(m.id)) {
      role.onError(m.message);
    } else if (m.type === "error") {
      pending = null;
      $("run").disabled = !ready;
      $("run-message").textContent = m.message;
      $("run-message").className = "small error";
      $("engine-status").textContent = ready ? $("engine-status").textContent : "The engine did not start.";
    }
  };
  worker.postMessage({ type: "load", sources: bundle.sources, tree: bundle.tree });

  // ---- a run -------------------------------------------------------------------------------
  function readForecasts() {
    const f = {};
    for (const id in forecastInputs) {
      const x = forecastInputs[id].input;
      if (x.value.trim() === "" || !Number.isFinite(Number(x.value))) return { missing: forecastInputs[id] };
      const v = Number(x.value);
      if (forecastInputs[id].outcome.kind === "when" && (v < 0 || v > 100)) return { missing: forecastInputs[id] };
      f[id] = forecastInputs[id].outcome.kind === "when" ? v / 100 : v;
    }
    return { values: f };
  }
  $("run").addEventListener("click", () => {
    if (pending || !ready) return;
    const f = readForecasts();
    const msg = $("run-message");
    msg.className = "small";
    if (f.missing) {
      msg.textContent = "First write your forecast for “" + f.missing.outcome.label + "”" + (f.missing.outcome.kind === "when" ? " (a chance from 0 to 100%)." : ".");
      f.missing.input.focus();
      return;
    }
    pending = { id: nextId++, team: $("team").value.trim(), set: leverSettings(), forecast: f.values, at: new Date() };
    $("run").disabled = true;
    $("progress").value = 0;
    msg.textContent = "Running…";
    worker.postMessage({ type: "run", id: pending.id, set: pending.set, runs: room.runs, seed: room.seed });
  });

  let last = null;
  function finishRun(p, result, ms) {
    $("run").disabled = false;
    $("run-message").textContent = result.runs.toLocaleString("en") + " runs in " + (ms / 1000).toFixed(2) + " s.";
    const byId = {};
    for (const o of result.outcomes) byId[o.id] = o;
    last = { job: p, result: result, byId: byId };
    history.push({ n: history.length + 1, team: p.team, at: p.at.toISOString(), set: p.set, forecast: p.forecast,
                   result: room.forecast.map((id) => byId[id] ? headline(byId[id]).value : null) });
    saveHistory();
    showResults(last);
    showHistory();
  }

  function showResults(r) {
    $("results-panel").hidden = false;
    $("chronicle-panel").hidden = false;
    const settings = r.job.set.map((s) => s.path + " = " + s.value).join(", ");
    $("results-caption").textContent = (r.job.team ? r.job.team + ": " : "") + r.result.runs.toLocaleString("en") + " runs, seed " + r.result.seed +
      (settings ? ", with " + settings : ", the scenario as written") + ".";
    const body = document.querySelector("#results tbody");
    body.textContent = "";
    for (const o of room.outcomes) {
      const x = r.byId[o.id];
      if (!x) continue;
      const h = headline(x);
      const tr = el("tr", { "data-outcome": o.id });
      tr.appendChild(el("th", { scope: "row" }, o.label));
      const f = r.job.forecast[o.id];
      tr.appendChild(el("td", { class: "forecast" }, f === undefined ? "" : o.kind === "when" ? pct(f) : fix(f)));
      tr.appendChild(el("td", { class: "result" }, h.text));
      tr.appendChild(el("td", { class: "interval" }, h.ci));
      body.appendChild(tr);
    }
    const cmd = "geosim run " + bundle.scenario.file + " --seed " + r.result.seed + " --runs " + r.result.runs + r.job.set.map((s) => " --set " + s.path + "=" + s.value).join("");
    $("reproduce").textContent = "The same runs on the command line: " + cmd;
    drawForecastChart(r);
    drawSeries(r);
    fillStoryOutcomes();
  }

  // ---- charts (SVG, drawn here; no library is loaded) ---------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function drawForecastChart(r) {
    const box = document.querySelector("#chart-forecast .chart");
    box.textContent = "";
    const rows = room.outcomes.filter((o) => o.kind === "when" && r.byId[o.id]);
    if (!rows.length) { $("chart-forecast").hidden = true; return; }
    $("chart-forecast").hidden = false;
    const W = 600, rowH = 34, left = 8, top = 8, H = top + rows.length * rowH + 24;
    const s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Forecast against result" });
    const x = (p) => left + p * (W - 2 * left);
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      s.appendChild(svg("line", { x1: x(t), x2: x(t), y1: top, y2: H - 20, stroke: "#e3e7eb" }));
      s.appendChild(svg("text", { x: x(t), y: H - 6, "font-size": 12, "text-anchor": t === 0 ? "start" : t === 1 ? "end" : "middle", fill: "#4a5561" }, (t * 100) + "%"));
    }
    rows.forEach((o, i) => {
      const y = top + i * rowH;
      const res = r.byId[o.id];
      s.appendChild(svg("text", { x: left, y: y + 11, "font-size": 12, fill: "#1b1f24" }, o.label));
      s.appendChild(svg("rect", { x: x(0), y: y + 15, width: Math.max(1, x(res.probability) - x(0)), height: 10, fill: "#1f6fc5", opacity: 0.8 }));
      s.appendChild(svg("line", { x1: x(res.ci95[0]), x2: x(res.ci95[1]), y1: y + 20, y2: y + 20, stroke: "#0b2f57", "stroke-width": 2 }));
      const f = r.job.forecast[o.id];
      if (f !== undefined) {
        const cx = x(Math.min(1, Math.max(0, f)));
        s.appendChild(svg("path", { d: "M" + cx + " " + (y + 13) + " l6 7 l-6 7 l-6 -7 z", fill: "#d9480f" }));
      }
    });
    box.appendChild(s);
  }
  function drawSeries(r) {
    const pick = $("series-pick");
    const series = r.result.series;
    $("chart-series").hidden = !series.length;
    if (!series.length) return;
    const keep = pick.value;
    pick.textContent = "";
    for (const s of series) pick.appendChild(el("option", { value: s.name }, s.name));
    if (keep && series.some((s) => s.name === keep)) pick.value = keep;
    const one = series.find((s) => s.name === pick.value) || series[0];
    const box = document.querySelector("#chart-series .chart");
    box.textContent = "";
    const W = 600, H = 220, L = 40, R = 8, T = 8, B = 24;
    const days = one.day, n = days.length;
    let lo = Infinity, hi = -Infinity;
    for (const k of ["p05", "p95"]) for (const v of one[k]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!(hi > lo)) { hi = lo + 1; }
    const x = (d) => L + (d - days[0]) / Math.max(1e-9, days[n - 1] - days[0]) * (W - L - R);
    const y = (v) => T + (hi - v) / (hi - lo) * (H - T - B);
    const s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": one.name + " over time" });
    const band = (a, b, fill) => {
      let d = "";
      for (let i = 0; i < n; ++i) d += (i ? "L" : "M") + x(days[i]).toFixed(1) + " " + y(one[a][i]).toFixed(1);
      for (let i = n - 1; i >= 0; --i) d += "L" + x(days[i]).toFixed(1) + " " + y(one[b][i]).toFixed(1);
      s.appendChild(svg("path", { d: d + "Z", fill: fill, stroke: "none" }));
    };
    band("p05", "p95", "#cfe0f5");
    band("p25", "p75", "#8fb8e8");
    let d = "";
    for (let i = 0; i < n; ++i) d += (i ? "L" : "M") + x(days[i]).toFixed(1) + " " + y(one.p50[i]).toFixed(1);
    s.appendChild(svg("path", { d: d, fill: "none", stroke: "#0b2f57", "stroke-width": 2 }));
    for (const v of [lo, (lo + hi) / 2, hi]) s.appendChild(svg("text", { x: L - 4, y: y(v) + 4, "font-size": 11, "text-anchor": "end", fill: "#4a5561" }, fix(v)));
    s.appendChild(svg("text", { x: L, y: H - 6, "font-size": 11, fill: "#4a5561" }, "day " + days[0]));
    s.appendChild(svg("text", { x: W - R, y: H - 6, "font-size": 11, "text-anchor": "end", fill: "#4a5561" }, "day " + days[n - 1]));
    box.appendChild(s);
  }
  $("series-pick").addEventListener("change", () => { if (last) drawSeries(last); });

  // ---- one run, told -----------------------------------------------------------------------
  function fillStoryOutcomes() {
    const pick = $("story-outcome");
    if (pick.options.length) return;
    for (const o of room.outcomes) if (o.kind !== "value") pick.appendChild(el("option", { value: o.id }, o.label));
    if (!pick.options.length) $("chronicle-panel").hidden = true;
  }
  $("story").addEventListener("click", () => {
    if (!last) return;
    $("chronicle").textContent = "Looking for such a run…";
    worker.postMessage({ type: "chronicle", id: nextId++, outcome: $("story-outcome").value, happened: $("story-happened").value === "yes" });
  });
  function showChronicle(reply) {
    $("chronicle").textContent = reply.found ? "Run " + reply.run + " of this job:\n\n" + reply.text
      : "None of the " + reply.tried.toLocaleString("en") + " runs of this job had that: try the other choice, or move a lever.";
  }

  // ---- role-play -----------------------------------------------------------------------------
  // One run (the page's seed, run 0) replayed by the worker with the team's choices so far as the
  // decision's policy; it stops at the decision's next occasion. Each choice holds from its day to
  // the next one's, so the choices are also a policy for any run: the variant the page exports.
  const roles = room.roles || [];
  const role = (function () {
    let play = null, waiting = null;
    const roleOf = () => roles.find((r) => r.decision === $("role-pick").value) || roles[0];
    function story(chronicle) {
      const list = $("role-story");
      list.textContent = "";
      for (const d of chronicle.days) for (const e of d.entries) {
        const li = el("li", { class: e.policy ? "team" : "" }, "Day " + d.day + (d.date ? " (" + d.date + ")" : "") + ": " +
          (e.policy ? "Your team's choice. " : "") + e.text);
        list.appendChild(li);
      }
      list.scrollTop = list.scrollHeight;
    }
    function ask() {
      waiting = nextId++;
      worker.postMessage({ type: "roleplay", id: waiting, set: play.set, decision: play.role.decision, choices: play.choices, seed: room.seed, run: 0 });
    }
    function start() {
      if (!ready || waiting) return;
      const r = roleOf();
      play = { role: r, team: $("team").value.trim(), set: leverSettings(), choices: [], done: null, outcomes: null };
      $("role-end").hidden = true;
      $("role-results").hidden = true;
      $("role-message").className = "small";
      $("role-message").textContent = "Playing " + r.actor_name + "…";
      ask();
    }
    function choose(action) {
      if (!play || waiting || play.pendingDay === undefined) return;
      play.choices.push({ day: play.pendingDay, action: action });
      play.pendingDay = undefined;
      $("role-occasion").hidden = true;
      ask();
    }
    function onReply(reply) {
      waiting = null;
      story(reply.chronicle);
      if (!reply.done) {
        play.pendingDay = reply.day;
        const r = play.role;
        $("role-occasion").hidden = false;
        $("role-when").textContent = "Day " + reply.told_day + ": " + r.actor_name + " decides" + (r.describe ? " — " + r.describe : "");
        const state = Object.keys(reply.state).map((k) => k + " = " + fix(reply.state[k]));
        $("role-state").textContent = state.length ? "Now: " + state.join(", ") + "." : "";
        const body = document.querySelector("#role-options tbody");
        body.textContent = "";
        for (const o of reply.options) {
          const tr = el("tr", { "data-action": o.action });
          tr.appendChild(el("th", { scope: "row" }, o.action.replace(/_/g, " ") + (o.describe ? ": " + o.describe : "")));
          tr.appendChild(el("td", {}, pct(o.p)));
          tr.appendChild(el("td", {}, o.utility === null ? "not available" : fix(o.utility)));
          const td = el("td");
          if (o.utility !== null) {
            const b = el("button", { type: "button", "data-choose": o.action }, "Choose");
            b.addEventListener("click", () => choose(o.action));
            td.appendChild(b);
          }
          tr.appendChild(td);
          body.appendChild(tr);
        }
        $("role-message").textContent = play.choices.length + " choice" + (play.choices.length === 1 ? "" : "s") + " made. The model's chance is what " +
          r.actor_name + " would do by its rule; your team decides.";
        return;
      }
      play.done = reply;
      $("role-occasion").hidden = true;
      $("role-message").textContent = "The run is over: " + play.choices.length + " choice" + (play.choices.length === 1 ? "" : "s") + " by your team, marked in the story.";
      $("role-policy").value = policyYaml();
      $("role-end").hidden = false;
      $("role-many").textContent = "Run the policy " + room.runs.toLocaleString("en") + " times";
    }
    const base = () => bundle.scenario.file.split(/[\\/]/).pop();
    function policyFlow() {
      return "[" + play.choices.map((c) => "{from_day: " + c.day + ", action: " + c.action + "}").join(", ") + "]";
    }
    function policyYaml() {
      const d = play.role.decision;
      const lines = [
        "# " + (play.team || "A team") + "'s choices for " + play.role.actor_name + " in the role-play of \"" + room.title + "\"",
        "# (seed " + room.seed + ", run 0" + play.set.map((x) => ", " + x.path + " = " + x.value).join("") + ").",
        "# Each choice holds from its day until the next one; days before the first follow the rule.",
        "# Save this file beside " + base() + " and run the policy " + room.runs.toLocaleString("en") + " times:",
        "#   geosim run THIS_FILE.yaml --variant team_policy --runs " + room.runs + " --seed " + room.seed,
        "# or retell the class's run:  geosim explain THIS_FILE.yaml --variant team_policy --seed " + room.seed,
        "geosim: 1",
        "extends: " + base(),
        "variants:",
        "  team_policy:",
        "    description: " + JSON.stringify((play.team || "A team") + " plays " + play.role.actor_name + " (role-play)"),
        "    set:"];
      for (const x of play.set) lines.push("      " + x.path + ": " + x.value);
      lines.push("      decisions." + d + ".policy:");
      if (!play.choices.length) lines.push("        []");
      for (const c of play.choices) lines.push("        - {from_day: " + c.day + ", action: " + c.action + "}");
      return lines.join("\n") + "\n";
    }
    function many() {
      if (!play || !play.done || waiting) return;
      waiting = nextId++;
      $("role-progress").value = 0;
      $("role-many").disabled = true;
      worker.postMessage({ type: "run", id: waiting, set: play.set, runs: room.runs, seed: room.seed,
                           policy: { decision: play.role.decision, choices: play.choices } });
    }
    function onResult(result) {
      waiting = null;
      $("role-many").disabled = false;
      play.outcomes = result;
      const body = document.querySelector("#role-results tbody");
      body.textContent = "";
      const mine = play.done.chronicle.outcomes;
      for (const o of room.outcomes) {
        const x = result.outcomes.find((y) => y.id === o.id);
        if (!x) continue;
        const h = headline(x), one = mine[o.id];
        const tr = el("tr", { "data-outcome": o.id });
        tr.appendChild(el("th", { scope: "row" }, o.label));
        tr.appendChild(el("td", { class: "single" }, !one ? "" : !one.counted ? "not counted" : o.kind === "when" ? (one.happened ? "happened" : "did not") : fix(one.value)));
        tr.appendChild(el("td", { class: "result" }, h.text));
        tr.appendChild(el("td", { class: "interval" }, h.ci));
        body.appendChild(tr);
      }
      $("role-results").hidden = false;
      $("role-message").textContent = result.runs.toLocaleString("en") + " runs of your policy, seed " + result.seed + ": your class's run is one of them (run 0).";
    }
    function onError(message) {
      waiting = null;
      $("role-many").disabled = false;
      $("role-message").textContent = message;
      $("role-message").className = "small error";
    }
    if (roles.length) {
      $("roleplay-panel").hidden = false;
      for (const r of roles) $("role-pick").appendChild(el("option", { value: r.decision }, r.actor_name + (r.describe ? " (" + r.describe + ")" : "")));
      $("role-start").addEventListener("click", start);
      $("role-many").addEventListener("click", many);
      $("role-download").addEventListener("click", () => {
        const a = el("a", { download: "team-policy.yaml" });
        a.href = URL.createObjectURL(new Blob([policyYaml()], { type: "application/yaml" }));
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    }
    return { onReply: onReply, onResult: onResult, onError: onError, owns: (id) => id !== undefined && id === waiting,
             policy: () => play && play.done ? policyYaml() : null, flow: () => play ? policyFlow() : null,
             result: () => play && play.outcomes, chronicle: () => play && play.done && play.done.chronicle };
  })();

  // ---- the class history -------------------------------------------------------------------
  const storeKey = "geosim-classroom:" + bundle.scenario.file + ":" + room.title;
  let history = [];
  try { history = JSON.parse(window.localStorage.getItem(storeKey) || "[]"); } catch (e) { history = []; }
  if (!Array.isArray(history)) history = [];
  function saveHistory() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(history)); } catch (e) { /* storage off: the history lives as long as the page */ }
  }
  function historyColumns() {
    const cols = ["run", "team", "time"];
    for (const l of room.levers) cols.push(l.path);
    for (const id of room.forecast) cols.push(id + " forecast", id + " result");
    return cols;
  }
  function historyRow(h) {
    const row = [h.n, h.team, h.at];
    for (const l of room.levers) { const s = h.set.find((x) => x.path === l.path); row.push(s ? s.value : ""); }
    room.forecast.forEach((id, i) => { row.push(h.forecast[id] === undefined ? "" : h.forecast[id]); row.push(h.result[i] === null ? "" : h.result[i]); });
    return row;
  }
  function showHistory() {
    const head = document.querySelector("#history thead"), body = document.querySelector("#history tbody");
    head.textContent = "";
    body.textContent = "";
    $("history-empty").hidden = history.length > 0;
    $("export").disabled = $("clear-history").disabled = history.length === 0;
    if (!history.length) return;
    const tr = el("tr");
    const labels = ["#", "Team", "Time"].concat(room.levers.map((l) => l.label));
    for (const id of room.forecast) { const o = outcomeById[id] || { label: id }; labels.push(o.label + ": forecast", o.label + ": result"); }
    for (const c of labels) tr.appendChild(el("th", { scope: "col" }, c));
    head.appendChild(tr);
    for (const h of history) {
      const r = el("tr");
      const cells = historyRow(h);
      cells[2] = new Date(h.at).toLocaleTimeString();
      room.forecast.forEach((id, i) => {
        const o = outcomeById[id] || { kind: "when" };
        const at = 3 + room.levers.length + 2 * i;
        for (const k of [at, at + 1]) if (cells[k] !== "") cells[k] = o.kind === "when" ? pct(cells[k]) : fix(cells[k]);
      });
      for (const c of cells) r.appendChild(el("td", {}, String(c)));
      body.appendChild(r);
    }
  }
  // RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
  const csvField = (v) => { const s = String(v); return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s; };
  function historyCsv() {
    const lines = [historyColumns().map(csvField).join(",")];
    for (const h of history) lines.push(historyRow(h).map(csvField).join(","));
    return lines.join("\r\n") + "\r\n";
  }
  $("export").addEventListener("click", () => {
    const a = el("a", { download: (room.title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "class") + "-history.csv" });
    a.href = URL.createObjectURL(new Blob([historyCsv()], { type: "text/csv" }));
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  $("clear-history").addEventListener("click", () => {
    if (!window.confirm("Clear the class history of this page?")) return;
    history = [];
    saveHistory();
    showHistory();
  });
  showHistory();

  // For tests and for the teacher's console: the history as CSV, the last result as data.
  window.geosimClassroom = { historyCsv: historyCsv, last: () => last && last.result, rolePolicy: role.policy,
                             roleResult: role.result, roleChronicle: role.chronicle };
})();
