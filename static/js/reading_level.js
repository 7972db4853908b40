/* The reading-level hint under the summary for young people: as the commissioner types, the text is sent to
   the server (which measures it with the same rule the tests use) and the hint, an aria-live region, says how
   easy it is to read. Without JavaScript the hint is shown by the server each time the form is saved. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-cp-reading-url]");
  if (!form || !window.fetch || !window.JSON) {
    return;
  }
  var PAUSE = 700;
  var url = form.getAttribute("data-cp-reading-url");
  var csrf = form.querySelector("input[name=csrf_token]");

  function watch(hint) {
    var field = form.querySelector("#" + hint.getAttribute("data-cp-reading-for"));
    var timer = null;
    var asked = 0;
    if (!field) {
      return;
    }

    function measure() {
      var ask = ++asked;
      window.fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": csrf ? csrf.value : ""
        },
        body: JSON.stringify({ text: field.value })
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (level) {
        /* Only the answer to the latest question: an older one may arrive after it. */
        if (level && ask === asked && hint.textContent !== level.message) {
          hint.textContent = level.message;
        }
      }).catch(function () {
        /* Offline or the server is busy: the hint stays as it was and updates on the next pause. */
      });
    }

    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(measure, PAUSE);
    });
  }

  var hints = document.querySelectorAll("[data-cp-reading-for]");
  for (var i = 0; i < hints.length; i++) {
    watch(hints[i]);
  }
})();
