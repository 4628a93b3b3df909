// Every page: after a form is sent back with errors, focus the error summary ("There is a problem"); after an
// action, focus its message (shown in the section acted on, see hubs_portal/feedback.py), so either is read
// out and in view. A link in the error summary moves focus to its field, with the field's label in view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  var target = summary || document.querySelector("[data-portal-message]");
  if (target) {
    target.focus();
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
