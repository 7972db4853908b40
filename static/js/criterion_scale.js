/* A criterion's scale, changed: its descriptor boxes are redrawn at once, one for each score of the new scale,
   keeping what was typed for every score the two scales share (and for the others, should their scale come
   back). A screen reader hears what changed, politely. Without this script, the "Show the boxes for this scale"
   button does the same on the server (templates/rounds/criterion_form.html), so this one takes it away. */
(function () {
  "use strict";

  var form = document.querySelector("[data-cp-criterion-form]");
  var boxes = form && form.querySelector("[data-cp-descriptor-boxes]");
  var shown = form && form.querySelector("input[name=shown_scale]");
  if (!boxes || !shown || !boxes.querySelector("[data-cp-level]")) {
    return;
  }
  var said = form.querySelector("[data-cp-scale-said]");
  var label = form.querySelector("[data-cp-scale-label]");
  var typed = {}; /* what was typed for each score, by score, kept while its box is away */

  Array.prototype.forEach.call(form.querySelectorAll("[data-cp-rescale]"), function (part) {
    part.parentNode.removeChild(part); /* and so Enter in a field saves, as the first button left is Save */
  });

  function levelsOf(key) {
    var ends = /^(\d+)-(\d+)$/.exec(key || "");
    if (!ends) {
      return null;
    }
    var levels = [];
    for (var level = parseInt(ends[1], 10); level <= parseInt(ends[2], 10); level += 1) {
      levels.push(String(level));
    }
    return levels;
  }

  /* A box for a score it has never shown: a copy of one it has, its name, label and text its own, and none of
     the copy's error marks. */
  function newBox(model, level) {
    var box = model.cloneNode(true);
    var name = "descriptor_" + level;
    box.setAttribute("data-cp-level", level);
    Array.prototype.forEach.call(box.querySelectorAll(".govuk-error-message"), function (message) {
      message.parentNode.removeChild(message);
    });
    Array.prototype.forEach.call(box.querySelectorAll(".govuk-form-group--error"), function (group) {
      group.classList.remove("govuk-form-group--error");
    });
    var field = box.querySelector("textarea");
    field.classList.remove("govuk-textarea--error");
    field.removeAttribute("aria-describedby");
    field.id = name;
    field.name = name;
    field.value = typed[level] || "";
    var words = box.querySelector("label");
    words.setAttribute("for", name);
    words.textContent = "What a score of " + level + " means";
    return box;
  }

  function redraw(key) {
    var levels = levelsOf(key);
    if (!levels || key === shown.value) {
      return;
    }
    var had = {};
    var model = null;
    Array.prototype.forEach.call(boxes.querySelectorAll("[data-cp-level]"), function (box) {
      var level = box.getAttribute("data-cp-level");
      var field = box.querySelector("textarea");
      typed[level] = field ? field.value : "";
      had[level] = box;
      model = model || box;
      box.parentNode.removeChild(box);
    });
    levels.forEach(function (level) {
      boxes.appendChild(had[level] || newBox(model, level));
    });
    shown.value = key;
    var words = levels[0] + " to " + levels[levels.length - 1];
    if (label) {
      label.textContent = words;
    }
    if (said) {
      said.textContent = "The scale is now " + words + ". There is a box below for each score, " +
        levels.length + " in all.";
    }
  }

  /* A page the browser brought back (Back, or a reload) may have kept another scale chosen. */
  var chosen = form.querySelector("input[name=scale]:checked");
  if (chosen) {
    redraw(chosen.value);
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "scale" && target.checked) {
      redraw(target.value);
    }
  });
})();
