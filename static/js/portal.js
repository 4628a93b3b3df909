// Every page: after a form is sent back with errors, focus the error summary ("There is a problem"); after an
// action on one part of a page, focus its message in that section (hubs_portal/feedback.py), so either is read
// out and in view. Messages at the top of the page are left to be read in order (focusing them would skip the
// navigation). A link in the error summary moves focus to its field, with the field's label in view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  var target = summary || document.querySelector(".portal-messages-in-section [data-portal-message]");
  function focusTarget() {
    if (target && document.activeElement !== target) {
      target.focus();
    }
  }
  focusTarget();
  // Landing on #section, the browser moves its focus point to the section once the page has loaded, which would
  // take focus back off the message: focus it again after that.
  if (target && window.location.hash) {
    window.addEventListener("load", function () {
      window.requestAnimationFrame(focusTarget);
    });
  }
  if (!summary) {
    return;
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']") || field;
    var legend = field.closest("fieldset") ? field.closest("fieldset").querySelector("legend") : null;
    (legend || label).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();

// Folded sections (<details>, e.g. the report's figures): a link to a section opens its fold, and a button marked
// data-details-toggle opens or closes every fold of that class at once.
(function () {
  "use strict";
  function openSection(id) {
    var section = id ? document.getElementById(id) : null;
    var fold = section && (section.matches("details") ? section : section.querySelector("details"));
    if (fold) {
      fold.open = true;
    }
  }
  openSection(decodeURIComponent(window.location.hash.slice(1)));
  window.addEventListener("hashchange", function () {
    openSection(decodeURIComponent(window.location.hash.slice(1)));
  });
  document.querySelectorAll("[data-details-toggle]").forEach(function (button) {
    var folds = document.querySelectorAll("details." + button.dataset.detailsToggle);
    if (!folds.length) {
      return;
    }
    var opening = "Open every section";
    var closing = "Close every section";
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.textContent === opening;
      folds.forEach(function (fold) {
        fold.open = open;
      });
      button.textContent = open ? closing : opening;
    });
  });
})();
