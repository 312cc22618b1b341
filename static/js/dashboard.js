// Dashboard charts (Chart.js, vendored). The figures come from the <script type="application/json"
// id="dashboard-charts"> block written by Django's json_script; every chart has the same figures in a table.
(function () {
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const charts = JSON.parse(source.textContent);
  // Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const spec = charts[canvas.dataset.chart];
    if (!spec || !spec.labels.length) {
      return;
    }
    const stacked = spec.datasets.length > 1;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((dataset, index) => ({
          label: dataset.label,
          data: dataset.data,
          backgroundColor: palette[index % palette.length],
          borderColor: "#ffffff",
          borderWidth: 1,
          maxBarThickness: 64,
        })),
      },
      options: {
        animation: reduceMotion ? false : undefined,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: stacked, position: "bottom" },
          tooltip: { enabled: true },
        },
        scales: {
          x: { stacked: stacked, ticks: { precision: 0 }, beginAtZero: true },
          y: { stacked: stacked, ticks: { precision: 0 }, beginAtZero: true },
        },
      },
    });
  });
})();
