// SPDX-License-Identifier: Apache-2.0
// Layout checks of an HTML report, run inside headless Chromium by tests/cli/report_layout.sh on
// a copy of the report with this script appended (the report itself runs no script), shown in
// an iframe of the width under test (headless Chromium's window is at least 500 px wide). Logs
// one console line "geosim-layout-check: ..." per problem, then "geosim-layout-check done".
(function () {
  var problems = [];
  var doc = document.documentElement;
  var vw = window.innerWidth;
  // 1. No horizontal overflow of the page (a figure or table may scroll inside itself).
  if (doc.scrollWidth > vw + 1) problems.push("page overflows horizontally: " + doc.scrollWidth + " px in a " + vw + " px window");
  var charts = document.querySelectorAll("svg.chart");
  for (var i = 0; i < charts.length; i++) {
    var svg = charts[i];
    var name = svg.id || ("chart " + i);
    var box = svg.getBoundingClientRect();
    var vb = svg.viewBox.baseVal;
    var scale = box.width / vb.width;
    var texts = svg.querySelectorAll("text");
    for (var t = 0; t < texts.length; t++) {
      var el = texts[t];
      if (!el.textContent.trim()) continue;
      // 2. Rendered text size: the font size in the chart's units times the chart's scale.
      var px = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (px < 9) { problems.push(name + ": text '" + el.textContent.slice(0, 40) + "' is " + px.toFixed(1) + " px"); break; }
      // 3. Text inside the chart's box.
      var r = el.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        problems.push(name + ": text '" + el.textContent.slice(0, 40) + "' overflows the chart box (" +
                      Math.round(r.left - box.left) + ".." + Math.round(r.right - box.left) + " of " + Math.round(box.width) + " px)");
      }
    }
    // 4. No empty chart and no empty series: every chart draws data, every series of it too.
    if (!svg.querySelector(".mark")) problems.push(name + ": no data drawn");
    var series = svg.querySelectorAll("g.series");
    for (var s = 0; s < series.length; s++)
      if (!series[s].querySelector(".mark")) problems.push(name + ": series '" + series[s].getAttribute("data-key") + "' is empty");
  }
  // 5. The headline block, before the detail.
  var head = document.getElementById("headline");
  if (!head) problems.push("no headline block (#headline)");
  else if (!head.querySelector("p.conditional")) problems.push("the headline does not say the figures are conditional");
  for (var p = 0; p < problems.length; p++) console.log("geosim-layout-check: " + problems[p]);
  console.log("geosim-layout-check done: " + charts.length + " charts, " + problems.length + " problems, width " + vw);
})();
