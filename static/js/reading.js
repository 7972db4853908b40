/* Reading help on training pages: a text-size control and a read-aloud button.
   Without JavaScript the page is unchanged; the read-aloud button appears only where the browser can speak. */
(function () {
  "use strict";
  var SIZES = ["normal", "large", "larger"];
  var KEY = "copanel-text-size";
  var root = document.documentElement;

  function applySize(size) {
    SIZES.forEach(function (name) { root.classList.remove("cp-text-" + name); });
    root.classList.add("cp-text-" + size);
    document.querySelectorAll("[data-cp-text-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-cp-text-size") === size));
    });
  }

  function storedSize() {
    try { return localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function remember(size) {
    try { localStorage.setItem(KEY, size); } catch (error) { /* private mode: the choice lasts for this page */ }
  }

  var initial = storedSize();
  applySize(SIZES.indexOf(initial) >= 0 ? initial : "normal");
  document.querySelectorAll("[data-cp-text-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var size = button.getAttribute("data-cp-text-size");
      applySize(size);
      remember(size);
    });
  });

  var readButton = document.querySelector("[data-cp-read-aloud]");
  if (!readButton || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    return;
  }
  var label = readButton.querySelector("[data-cp-read-label]");
  var speaking = false;

  function setSpeaking(value) {
    speaking = value;
    readButton.setAttribute("aria-pressed", String(value));
    label.textContent = value ? "Stop reading" : "Read this page aloud";
  }

  function pageText() {
    var main = document.getElementById("main-content");
    var copy = main.cloneNode(true);
    copy.querySelectorAll(".cp-reading-help, script, .govuk-visually-hidden").forEach(function (node) {
      node.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  readButton.hidden = false;
  readButton.addEventListener("click", function () {
    if (speaking) {
      window.speechSynthesis.cancel();
      setSpeaking(false);
      return;
    }
    var utterance = new SpeechSynthesisUtterance(pageText());
    utterance.lang = "en-GB";
    utterance.onend = function () { setSpeaking(false); };
    utterance.onerror = function () { setSpeaking(false); };
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
    setSpeaking(true);
  });
  window.addEventListener("pagehide", function () { window.speechSynthesis.cancel(); });
})();
