/* Autosave for the scoring sheet: sends what changed as the member chooses and types, says whether it is
   saved, and keeps unsent changes in the browser until the server has them, so a reload or a lost connection
   loses nothing. Without JavaScript the form's own Save button does the same job. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-cp-autosave]");
  if (!form || !window.fetch || !window.JSON) {
    return;
  }
  var TEXTS = ["strengths", "concerns", "questions"];
  var SCORE = /(\d+)-score$/;
  var COMMENT = /(\d+)-comment$/;
  var TYPING_PAUSE = 800;
  var CHOICE_PAUSE = 300;
  var FIRST_WAIT = 2000;
  var LONGEST_WAIT = 30000;
  var url = form.getAttribute("data-cp-autosave");
  var storeKey = "copanel-autosave:" + window.location.pathname;
  var status = document.querySelector("[data-cp-save-status]");
  var version = parseInt(form.getAttribute("data-cp-version"), 10) || 0;
  /* Changes the server does not have yet, by form field name: "criterion-7-score": 3, "strengths": "...". */
  var pending = {};
  var timer = null;
  var sending = false;
  var paused = false;
  var stopped = false;
  var retryWait = FIRST_WAIT;

  function names(changes) {
    return Object.keys(changes);
  }

  function setStatus(text) {
    if (status && status.textContent !== text) {
      status.textContent = text;
    }
  }

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function savedAt(iso) {
    /* The server speaks UTC; a time without a zone would otherwise be read as local time. */
    if (iso && !/(Z|[+-]\d\d:?\d\d)$/i.test(iso)) {
      iso += "Z";
    }
    var when = iso ? new Date(iso) : new Date();
    if (isNaN(when.getTime())) {
      when = new Date();
    }
    return "Saved at " + twoDigits(when.getHours()) + ":" + twoDigits(when.getMinutes());
  }

  /* Storage: one record per sheet, removed once the server has every change in it. */
  function remember() {
    try {
      if (names(pending).length) {
        var record = { version: version, changes: pending, at: Date.now() };
        localStorage.setItem(storeKey, JSON.stringify(record));
      } else {
        localStorage.removeItem(storeKey);
      }
    } catch (error) { /* storage full or switched off: the changes still go to the server from this page */ }
  }

  function remembered() {
    try {
      var record = JSON.parse(localStorage.getItem(storeKey));
      return record && typeof record.changes === "object" && record.changes ? record : null;
    } catch (error) {
      return null;
    }
  }

  /* Fields: the criterion radios and comments (named as templates/sheets/_criterion.html does), the texts. */
  function tracked(field) {
    var name = field.name || "";
    if (field.type === "radio" ? SCORE.test(name) : field.tagName === "TEXTAREA" &&
        (COMMENT.test(name) || TEXTS.indexOf(name) >= 0)) {
      return name;
    }
    return null;
  }

  function radios(name) {
    return form.querySelectorAll("input[type=radio][name='" + name + "']");
  }

  function firstField(name) {
    return SCORE.test(name) ? radios(name)[0] : form.querySelector("textarea[name='" + name + "']");
  }

  function shown(name) {
    if (!SCORE.test(name)) {
      var field = firstField(name);
      return field ? field.value : null;
    }
    var chosen = null;
    Array.prototype.forEach.call(radios(name), function (radio) {
      if (radio.checked) {
        chosen = /^\d+$/.test(radio.value) ? parseInt(radio.value, 10) : radio.value;
      }
    });
    return chosen;
  }

  function show(name, value) {
    if (SCORE.test(name)) {
      Array.prototype.forEach.call(radios(name), function (radio) {
        radio.checked = value !== null && radio.value === String(value);
      });
    } else if (firstField(name)) {
      firstField(name).value = value === null || value === undefined ? "" : value;
    }
  }

  /* The contract's shape: {"scores": {id: value}, "comments": {id: text}, "strengths": text, ...}. */
  function requestBody(changes) {
    var body = { version: version, scores: {}, comments: {} };
    names(changes).forEach(function (name) {
      var score = SCORE.exec(name);
      var comment = COMMENT.exec(name);
      if (score) {
        body.scores[score[1]] = changes[name];
      } else if (comment) {
        body.comments[comment[1]] = changes[name];
      } else {
        body[name] = changes[name];
      }
    });
    return body;
  }

  function savedValue(sheet, name) {
    var score = SCORE.exec(name);
    var comment = COMMENT.exec(name);
    var value = score ? (sheet.scores || {})[score[1]] :
      comment ? (sheet.comments || {})[comment[1]] : sheet[name];
    return value === undefined || value === "" ? null : value;
  }

  /* The sheet's state as the server sees it (sheet_state: its status tag, what is still to score, the total
     with its scale), redrawn from each save's answer in the parts of the page that show it. */
  var tag = document.querySelector("[data-cp-sheet-tag]");
  var totalBox = document.querySelector("[data-cp-total]");
  var toDo = document.querySelector("[data-cp-to-do]");

  function setText(selector, text) {
    var node = totalBox && totalBox.querySelector(selector);
    if (node && node.textContent !== text) {
      node.textContent = text;
    }
  }

  /* Returns what the member should hear: the new status when it changed, else nothing. Focus never moves. */
  function redraw(state) {
    if (!state || typeof state !== "object") {
      return "";
    }
    var news = "";
    if (tag && state.label && tag.textContent.trim() !== state.label) {
      tag.textContent = state.label;
      tag.className = "govuk-tag " + (state.tag_class || "");
      news = "Your sheet is now: " + state.label + ".";
    }
    if (totalBox) {
      var total = state.total;
      totalBox.hidden = !total;
      setText("[data-cp-total-label]", total ? total.label : "");
      setText("[data-cp-total-figure]", total ? total.figure : "");
      setText("[data-cp-total-how]", total ? total.how : "");
    }
    if (toDo && typeof state.to_do === "string" && toDo.textContent !== state.to_do) {
      toDo.textContent = state.to_do;
    }
    return news;
  }

  /* Sending */
  function schedule(wait) {
    window.clearTimeout(timer);
    timer = window.setTimeout(send, wait);
  }

  function setVersion(value) {
    version = value;
    form.setAttribute("data-cp-version", String(value));
    if (form.elements.version) {
      form.elements.version.value = String(value);
    }
  }

  function retryLater() {
    setStatus("Not saved yet, trying again");
    schedule(retryWait);
    retryWait = Math.min(retryWait * 2, LONGEST_WAIT);
  }

  function send() {
    window.clearTimeout(timer);
    if (sending || paused || stopped || !names(pending).length) {
      return;
    }
    if (navigator.onLine === false) {
      retryLater();
      return;
    }
    var sent = JSON.parse(JSON.stringify(pending));
    var csrf = form.querySelector("input[name=csrf_token]");
    sending = true;
    setStatus("Saving…");
    window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrf ? csrf.value : ""
      },
      body: JSON.stringify(requestBody(sent))
    }).then(function (response) {
      return response.json().then(
        function (data) { return { code: response.status, data: data || {} }; },
        function () { return { code: response.status, data: {} }; }
      );
    }).then(function (reply) {
      sending = false;
      answered(reply.code, reply.data, sent);
    }, function () {
      sending = false;
      retryLater();
    });
  }

  function answered(code, data, sent) {
    if (code === 200) {
      return saved(data, sent);
    }
    if (code === 409 && data.error === "stale") {
      return stale(data);
    }
    if (code === 422) {
      return invalid(data.errors || {});
    }
    if (code >= 400 && code < 500 && code !== 408 && code !== 429) {
      /* 423 (sent, or past the deadline), 403, 404: trying again will not help. A 423 says how the sheet
         stands now (sent in another tab, say), so the tag and the total show that too. */
      stopped = true;
      redraw(data.state);
      return setStatus(data.message || "Your changes could not be saved. Use the Save button below.");
    }
    retryLater();
  }

  function saved(data, sent) {
    retryWait = FIRST_WAIT;
    setVersion(data.version);
    names(sent).forEach(function (name) {
      if (pending[name] === sent[name]) {
        delete pending[name];
      }
    });
    remember();
    clearErrors();
    var news = redraw(data.state);
    setStatus(savedAt(data.saved_at) + (news ? ". " + news : ""));
    if (names(pending).length) {
      schedule(TYPING_PAUSE);
    }
  }

  /* A newer save came from elsewhere: keep the member's own text on screen and let them choose. */
  function stale(data) {
    var sheet = data.sheet || {};
    var differences = [];
    names(pending).forEach(function (name) {
      var theirs = savedValue(sheet, name);
      if (theirs === (pending[name] === "" ? null : pending[name])) {
        delete pending[name];
      } else {
        differences.push({ name: name, saved: theirs });
      }
    });
    setVersion(data.version);
    remember();
    redraw(data.state);
    if (!differences.length) {
      return setStatus(savedAt());
    }
    paused = true;
    setStatus("Not saved: this sheet was changed somewhere else");
    showNotice(data.message, differences);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text || "";
    return node;
  }

  function labelOf(name) {
    var field = firstField(name);
    var fieldset = field && SCORE.test(name) && field.closest("fieldset");
    var label = fieldset ? fieldset.querySelector("legend") :
      field && field.id && form.querySelector("label[for='" + field.id + "']");
    return label ? label.textContent.trim() : name;
  }

  function describe(name, value) {
    if (!SCORE.test(name)) {
      return value ? String(value) : "(empty)";
    }
    if (value === null) {
      return "No score chosen";
    }
    return value === "cant-judge" ? "I can't judge this" : "Score " + value;
  }

  function fieldGroup(name) {
    var field = firstField(name);
    return field ? (field.closest(".govuk-form-group") || field) : null;
  }

  function showNotice(message, differences) {
    removeNotice();
    var notice = element("div", "cp-save-notice");
    notice.setAttribute("data-cp-save-notice", "");
    notice.setAttribute("role", "alert");
    notice.appendChild(element("h2", "govuk-heading-s", "Your changes are not saved yet"));
    notice.appendChild(element("p", "govuk-body",
      message || "Someone saved this sheet after you opened it, maybe you in another tab."));
    differences.forEach(function (difference) {
      notice.appendChild(element("p", "govuk-body-s govuk-!-margin-bottom-1",
        "Saved version of \u201c" + labelOf(difference.name) + "\u201d:"));
      notice.appendChild(element("p", "govuk-body cp-save-notice__saved",
        describe(difference.name, difference.saved)));
    });
    notice.appendChild(element("p", "govuk-body",
      "Your own text is still in the form. Which do you want to keep?"));
    var buttons = element("div", "govuk-button-group");
    var mine = element("button", "govuk-button", "Use my text");
    var theirs = element("button", "govuk-button govuk-button--secondary", "Keep the saved text");
    mine.type = theirs.type = "button";
    buttons.appendChild(mine);
    buttons.appendChild(theirs);
    notice.appendChild(buttons);
    var group = fieldGroup(differences[0].name);
    if (group && group.parentNode) {
      group.parentNode.insertBefore(notice, group.nextSibling);
    } else {
      form.insertBefore(notice, form.firstChild);
    }
    mine.addEventListener("click", function () { resolve([], differences[0].name); });
    theirs.addEventListener("click", function () { resolve(differences, differences[0].name); });
  }

  function removeNotice() {
    var old = form.querySelector("[data-cp-save-notice]");
    if (old) {
      old.parentNode.removeChild(old);
    }
  }

  function resolve(useSaved, firstName) {
    useSaved.forEach(function (difference) {
      show(difference.name, difference.saved);
      delete pending[difference.name];
    });
    if (useSaved.length) {
      remember();
      setStatus("Showing the saved text");
    }
    removeNotice();
    paused = false;
    if (firstField(firstName)) {
      firstField(firstName).focus();
    }
    send();
  }

  /* 422: the server's message beside each field it names (by form field name), and the status says so. */
  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-cp-autosave-error]"), function (node) {
      node.parentNode.removeChild(node);
    });
  }

  function invalid(errors) {
    clearErrors();
    names(errors).forEach(function (name) {
      var message = element("p", "govuk-error-message", String(errors[name]));
      message.setAttribute("data-cp-autosave-error", "");
      var target = fieldGroup(name) || status;
      if (target && target.parentNode) {
        target.parentNode.insertBefore(message, target);
      }
    });
    setStatus("Not saved: please check the messages in red");
  }

  /* Events */
  function changed(event, wait) {
    var name = tracked(event.target);
    if (name && !stopped) {
      pending[name] = shown(name);
      remember();
      schedule(wait);
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") {
      changed(event, CHOICE_PAUSE);
    }
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      changed(event, TYPING_PAUSE);
    }
  });
  window.addEventListener("online", function () {
    retryWait = FIRST_WAIT;
    send();
  });
  /* Another form on the page (sending the sheet) waits until the changes are saved. */
  document.addEventListener("submit", function (event) {
    var other = event.target;
    if (other === form || !names(pending).length || stopped || paused) {
      return;
    }
    event.preventDefault();
    send();
    var waited = 0;
    var check = window.setInterval(function () {
      waited += 200;
      if (!names(pending).length) {
        window.clearInterval(check);
        other.submit();
      } else if (waited > 15000 || paused || stopped) {
        window.clearInterval(check);
      }
    }, 200);
  });

  /* On load: put back changes this browser has not sent yet, then send them. */
  var record = remembered();
  if (record) {
    names(record.changes).forEach(function (name) {
      if (firstField(name) && shown(name) !== record.changes[name]) {
        show(name, record.changes[name]);
        pending[name] = record.changes[name];
      }
    });
    remember();
    if (names(pending).length) {
      /* Sent with the version they were made on: if the sheet moved on since, the server says so (409). */
      setVersion(Math.min(record.version, version) || version);
      setStatus("Saving the changes you made earlier…");
      send();
    }
  }
})();
