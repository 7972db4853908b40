/* A "Print" button (data-cp-print) is hidden until this runs: without JavaScript the browser's own print still
   works, and a button that does nothing is never shown. */
document.querySelectorAll("[data-cp-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
