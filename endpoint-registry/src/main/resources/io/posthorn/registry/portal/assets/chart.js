// Draws an endpoint's delivery chart with uPlot from the page's chart.json (no inline script: CSP).
(function () {
  "use strict";
  function draw(el) {
    fetch(el.dataset.source, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (rows) {
        if (rows.length === 0) {
          el.textContent = "No attempts in the last 24 hours.";
          return;
        }
        var data = [
          rows.map(function (r) { return Date.parse(r.hour) / 1000; }),
          rows.map(function (r) { return r.attempts; }),
          rows.map(function (r) { return r.failures; }),
          rows.map(function (r) { return Number(r.p99Ms); })
        ];
        new uPlot({
          width: Math.min(el.clientWidth || 800, 900),
          height: 260,
          series: [
            {},
            { label: "attempts", stroke: "#16324f" },
            { label: "failures", stroke: "#a4161a" },
            { label: "p99 ms", stroke: "#8a5a00", scale: "ms" }
          ],
          axes: [{}, {}, { scale: "ms", side: 1 }]
        }, data, el);
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("chart");
    if (el && window.uPlot) {
      draw(el);
    }
  });
})();
