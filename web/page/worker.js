// SPDX-License-Identifier: Apache-2.0
// The classroom page's Web Worker: it owns the browser engine (geosim-engine.js, prepended to this
// text in the worker's blob) and runs jobs block by block, posting progress after each block, so
// the page stays responsive. Messages in: load {sources, tree}, run {id, set, runs, seed, policy},
// chronicle {id, outcome, happened}, roleplay {id, set, decision, choices, seed, run}. Out: ready,
// progress, result, chronicle, roleplay, error.
/* global GeosimEngine */
"use strict";
let call = null;
const waiting = [];

function post(type, fields) { self.postMessage(Object.assign({ type: type }, fields)); }

function request(body) {
  const reply = JSON.parse(call(JSON.stringify(body)));
  if (!reply.ok) throw new Error(reply.error);
  return reply;
}

function handle(msg) {
  try {
    if (msg.type === "load") {
      request({ cmd: "load", sources: msg.sources, tree: msg.tree });
      post("ready", {});
    } else if (msg.type === "run") {
      const t0 = performance.now();
      const started = request({ cmd: "start", set: msg.set, runs: msg.runs, seed: msg.seed, policy: msg.policy });
      let done = 0;
      while (done < started.runs) {
        done = request({ cmd: "step", blocks: 1 }).done;
        post("progress", { id: msg.id, done: done, total: started.runs });
      }
      const result = request({ cmd: "finish" });
      post("result", { id: msg.id, result: result, ms: performance.now() - t0 });
    } else if (msg.type === "roleplay") {
      const reply = request({ cmd: "roleplay", set: msg.set, decision: msg.decision, choices: msg.choices, seed: msg.seed, run: msg.run });
      post("roleplay", { id: msg.id, reply: reply });
    } else if (msg.type === "chronicle") {
      const reply = request({ cmd: "chronicle", outcome: msg.outcome, happened: msg.happened });
      post("chronicle", { id: msg.id, reply: reply });
    }
  } catch (e) {
    post("error", { id: msg.id, message: String(e && e.message ? e.message : e) });
  }
}

self.onmessage = (e) => {
  if (call) handle(e.data);
  else waiting.push(e.data);
};

GeosimEngine().then((engine) => {
  call = engine.cwrap("geosim_call", "string", ["string"]);
  while (waiting.length) handle(waiting.shift());
}, (e) => post("error", { message: "the engine did not start: " + e }));
