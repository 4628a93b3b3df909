// Search-as-you-type for the profile's school picker. Without JavaScript the Search button does the same.
(function () {
  const input = document.getElementById("school-search");
  const results = document.getElementById("school-results");
  const status = document.getElementById("school-status");
  if (!input || !results) return;
  let timer = null;
  let latest = 0;

  function radio(school, checked) {
    const wrapper = document.createElement("div");
    wrapper.className = "form-check";
    const box = document.createElement("input");
    box.className = "form-check-input";
    box.type = "radio";
    box.name = "school";
    box.id = "school-" + school.id;
    box.value = school.id;
    box.checked = checked;
    const label = document.createElement("label");
    label.className = "form-check-label";
    label.htmlFor = box.id;
    label.textContent = school.label;
    wrapper.append(box, label);
    return wrapper;
  }

  async function search() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (query.length < 2) {
      status.textContent = "";
      return;
    }
    const response = await fetch(input.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok || ticket !== latest) return;
    const data = await response.json();
    const chosen = results.querySelector("input[name=school]:checked");
    // Keep the school already chosen at the top, whatever the new results.
    const keep = chosen ? chosen.closest(".form-check") : null;
    results.replaceChildren(...(keep ? [keep] : []));
    for (const school of data.results) {
      if (chosen && String(school.id) === chosen.value) continue;
      results.append(radio(school, false));
    }
    const count = data.results.length;
    status.textContent =
      count + " open school" + (count === 1 ? "" : "s") + " found for “" + query + "”" +
      (count === 20 ? " (the first 20: type more to narrow)." : ".");
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
  // Enter in the search box searches in place rather than reloading the page.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      window.clearTimeout(timer);
      search();
    }
  });
})();
