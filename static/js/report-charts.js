// Draws each report chart from the JSON the page carries beside it (json_script); the table holds the same figures.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var palette = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#5694ca", "#b58840"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = palette[index % palette.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        spanGaps: true,
        tension: 0
      };
    });
    var valueAxis = {
      beginAtZero: true,
      stacked: spec.stacked,
      ticks: {
        callback: function (value) {
          return spec.percent ? value + "%" : value;
        }
      }
    };
    if (spec.percent) {
      valueAxis.max = 100;
    }
    canvas.chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.type === "bar" && spec.labels.length > 8 ? "y" : "x",
        scales: spec.type === "bar" && spec.labels.length > 8
          ? { x: valueAxis, y: { stacked: spec.stacked } }
          : { y: valueAxis, x: { stacked: spec.stacked } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
