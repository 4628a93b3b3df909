// Draws each report chart from the JSON the page carries beside it (json_script); the table holds the same figures.
// Series are told apart without colour: bars get a fill pattern each (solid, stripes, dots, …), lines a point shape
// and a dash each, and the legend shows them. A chart of many rows (one bar per hub) is horizontal, names every
// row, and grows with its rows so no label is skipped.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  // Each at least 4.5:1 against white (portal.css).
  var palette = ["#1d5fa8", "#b02a37", "#146c43", "#8a5300", "#4c2c92", "#0b6b80", "#5c636a"];
  var pointStyles = ["circle", "triangle", "rect", "rectRot", "crossRot", "star", "line"];
  var dashes = [[], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4], [1, 3], [16, 4]];
  var ROW = 26; // px per bar when the chart grows with its rows

  function pattern(index, colour) {
    var size = 10;
    var tile = document.createElement("canvas");
    tile.width = size;
    tile.height = size;
    var ctx = tile.getContext("2d");
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, size, size);
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#fff";
    ctx.lineWidth = 2;
    switch (index % 6) {
      case 1: // diagonal stripes
        ctx.beginPath();
        ctx.moveTo(0, size);
        ctx.lineTo(size, 0);
        ctx.moveTo(-2, 2);
        ctx.lineTo(2, -2);
        ctx.moveTo(size - 2, size + 2);
        ctx.lineTo(size + 2, size - 2);
        ctx.stroke();
        break;
      case 2: // dots
        ctx.beginPath();
        ctx.arc(size / 2, size / 2, 2, 0, 2 * Math.PI);
        ctx.fill();
        break;
      case 3: // horizontal lines
        ctx.fillRect(0, size / 2 - 1, size, 2);
        break;
      case 4: // crosses
        ctx.fillRect(0, size / 2 - 1, size, 2);
        ctx.fillRect(size / 2 - 1, 0, 2, size);
        break;
      case 5: // vertical lines
        ctx.fillRect(size / 2 - 1, 0, 2, size);
        break;
      default: // solid
        break;
    }
    return ctx.createPattern(tile, "repeat");
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var line = spec.type === "line";
    var horizontal = spec.type === "bar" && (spec.per_hub || spec.labels.length > 8);
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = palette[index % palette.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: line ? colour : pattern(index, colour),
        borderColor: colour,
        borderWidth: line ? 3 : 1,
        borderDash: line ? dashes[index % dashes.length] : [],
        pointStyle: pointStyles[index % pointStyles.length],
        pointRadius: line ? 5 : 0,
        pointHoverRadius: 7,
        spanGaps: true,
        tension: 0
      };
    });
    if (horizontal) {
      // Every row gets its own band, however many hubs there are.
      var bands = spec.labels.length * Math.max(1, spec.stacked ? 1 : Math.min(datasets.length, 2));
      canvas.parentElement.style.height = Math.max(288, bands * ROW + 96) + "px";
    }
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
    var labelAxis = { stacked: spec.stacked, ticks: { autoSkip: false } };
    canvas.chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { y: valueAxis, x: labelAxis },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: line, boxWidth: 24, boxHeight: 14 } }
        }
      }
    });
  });
})();
