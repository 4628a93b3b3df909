// Poll the import's status and update the progress bar; reload the page when the import has finished.
(function () {
  const box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "true") return;
  const bar = document.getElementById("run-progress");
  const barBox = document.getElementById("run-progressbar");
  const rows = document.getElementById("run-rows");
  const status = document.getElementById("run-status");
  // The bar's width is set here, not in a style attribute (the Content-Security-Policy allows no inline style).
  if (bar && barBox) bar.style.width = barBox.getAttribute("aria-valuenow") + "%";
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const run = await response.json();
        if (run.finished) {
          window.location.reload();
          return;
        }
        status.textContent = run.status_display;
        bar.style.width = run.percent + "%";
        bar.textContent = run.percent + "%";
        barBox.setAttribute("aria-valuenow", run.percent);
        rows.textContent = run.rows_done + " of about " + run.rows_total + " rows read.";
      }
    } catch (error) {
      // A dropped request is retried on the next tick.
    }
    window.setTimeout(poll, 1500);
  }
  window.setTimeout(poll, 1000);
})();
