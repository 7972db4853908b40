/* The live meeting in the browser: keeps the page in step with the room over Socket.IO, and sends the page's
   command forms over the socket when it can. Without JavaScript (or when the socket is down) every command is a
   plain form post and the page shows the latest state when it loads; see docs/meeting.md.

   The page (templates/meetings/_page.html) holds
     [data-cp-meeting]   data-round, data-seq, data-token (the viewer's member token, or ""), data-screen ("1"),
                         data-csrf (this person's CSRF token, put into every form of every update)
     [data-cp-live]      the server-rendered meeting (templates/meetings/_live.html), replaced on every update
     [data-cp-status]    the connection line; [data-cp-announcer] a polite live region that is never re-drawn,
                         where what happens to this person is said; [data-cp-signal] (chair) a break request
     [data-cp-reading-home] the page's reading help, moved under the meeting's heading ([data-cp-reading-slot])
   and inside the live region the script reads
     [data-cp-state]     data-phase, data-status, data-bid, data-cp-announce, and in a person's own snapshot
                         data-cp-my-view and data-cp-break-asked
     form[data-cp-command] (a command), [data-cp-keep] (a form people type into), [data-cp-hand="raise"|"lower"],
     [data-cp-mine="turn"|"queue"|"none"] (the one message for where this person is in the talk),
     [data-cp-place], [data-cp-queue-item][data-token], [data-cp-speaking][data-token],
     [data-cp-break-ask], [data-cp-break-sent], details[data-cp-fold] (opened or closed as the person left them),
     form[data-cp-scribe-form][data-token], [data-cp-notes-text], [data-cp-scribe-line],
     form[data-cp-view-choice], [data-cp-my-view-text], [data-cp-view], [data-cp-break-until], [data-cp-presence],
     .cp-actions (a member's action bar: fixed to the bottom of a small screen, so the page keeps room for it).
   Focus stays where the person was: on the same control after an update, or, when it is gone, on the nearest
   element around it that can take the focus (the server gives those tabindex="-1"), never on the page itself.
   Text that came from people goes in only as the server's rendered HTML or as plain text (textContent). */
(function () {
  "use strict";
  var root = document.querySelector("[data-cp-meeting]");
  var live = root && root.querySelector("[data-cp-live]");
  if (!live || !window.JSON) {
    return;
  }
  var HERE_EVERY = 30000;
  var ANSWER_WAIT = 10000;
  var OFFLINE_AFTER = 60000;
  var NUMBERS = { bid: true, step: true, minutes: true, revision: true };
  var CONSENSUS = /^consensus-(\d+)$/;
  var SAID_KEPT = 4;
  var statusLine = root.querySelector("[data-cp-status]");
  var announcer = root.querySelector("[data-cp-announcer]");
  var signalLine = root.querySelector("[data-cp-signal]");
  var readingHome = root.querySelector("[data-cp-reading-home]");
  var readingHelp = readingHome && readingHome.querySelector(".cp-reading-help");
  var token = root.getAttribute("data-token") || "";
  /* This person's CSRF token: a broadcast is rendered once for many people, so it carries none of its own. */
  var csrf = root.getAttribute("data-csrf") || "";
  var seq = parseInt(root.getAttribute("data-seq"), 10) || 0;
  /* The viewer's own first view, by bid id: from their own snapshot, or from the answer to their give_view. */
  var myViews = {};
  /* Whether they asked the chair for a break that has not started yet. */
  var breakAsked = false;
  /* Where they are in the talk ("turn", "queue", "none") and their place in the queue, as last shown. */
  var mine = null;
  var last = null;
  var errorText = null;
  var errorProblems = null;
  var socket = null;
  var lostSince = null;
  var audio = null;

  function each(nodes, callback) {
    Array.prototype.forEach.call(nodes, callback);
  }

  function all(selector) {
    return live.querySelectorAll(selector);
  }

  function byId(container, id) {
    var found = null;
    if (!id) {
      return null;
    }
    each(container.querySelectorAll("[id]"), function (node) {
      if (!found && node.id === id) {
        found = node;
      }
    });
    return found;
  }

  function isHidden(node) {
    return !node || !!node.closest("[hidden]") || node.disabled;
  }

  function canFocus(node) {
    return !isHidden(node) && (node.hasAttribute("tabindex") || node.tabIndex >= 0);
  }

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /* Connection line */
  function setStatus(state, text) {
    if (statusLine) {
      statusLine.setAttribute("data-state", state);
      if (statusLine.textContent !== text) {
        statusLine.textContent = text;
      }
    }
  }

  /* Said aloud: each message is a new line in the live region (which is never re-drawn), so a screen reader
     reads it as it arrives; the last few stay there. */
  function say(text) {
    if (!announcer || !text) {
      return;
    }
    var line = document.createElement("p");
    line.textContent = text;
    window.setTimeout(function () {
      announcer.appendChild(line);
      while (announcer.childNodes.length > SAID_KEPT) {
        announcer.removeChild(announcer.firstChild);
      }
    }, 100);
  }

  /* Where the meeting is, as the live region's outer element says */
  function readState() {
    var node = live.querySelector("[data-cp-state]");
    if (!node) {
      return null;
    }
    return {
      node: node,
      status: node.getAttribute("data-status") || "",
      phase: node.getAttribute("data-phase") || "",
      bid: node.getAttribute("data-bid") || "",
      announce: node.getAttribute("data-cp-announce") || ""
    };
  }

  function moved(now, before) {
    return !before || now.phase !== before.phase || now.bid !== before.bid || now.status !== before.status;
  }

  function noticeChange() {
    var now = readState();
    if (!now) {
      return;
    }
    if (last && moved(now, last)) {
      say(now.announce);
      errorText = null;
      removeError();
    }
    if (now.status !== "running") {
      breakAsked = false; /* the break has started (or the meeting is not running): a new one can be asked */
      if (signalLine) {
        signalLine.hidden = true;
      }
    }
    last = now;
  }

  /* The viewer's own bits in a broadcast (rendered for everyone): their place in the queue, the one message for
     where they are in the talk, whether they take the notes, their first view, their break request. */
  function markQueue() {
    var place = 0;
    each(all("[data-cp-queue-item]"), function (item, index) {
      if (!token || item.getAttribute("data-token") !== token) {
        return;
      }
      place = index + 1;
      if (!item.hasAttribute("data-cp-you")) {
        var mark = document.createElement("strong");
        mark.className = "cp-you";
        mark.textContent = " (you)";
        (item.querySelector(".cp-queue__who") || item).appendChild(mark);
        item.classList.add("cp-queue__item--you");
        item.setAttribute("data-cp-you", "");
      }
    });
    return place;
  }

  function myTurn() {
    var turn = false;
    each(all("[data-cp-speaking]"), function (line) {
      if (token && line.getAttribute("data-token") === token) {
        line.textContent = "It's your turn to talk!";
        turn = true;
      }
    });
    return turn;
  }

  /* One message for where this person is in the talk: their turn, their place in the queue, or neither. */
  function showMine(place, turn) {
    var parts = all("[data-cp-mine]");
    if (!parts.length) {
      return null;
    }
    var kind = turn ? "turn" : (place > 0 ? "queue" : "none");
    each(parts, function (part) {
      part.hidden = part.getAttribute("data-cp-mine") !== kind;
    });
    each(all("form[data-cp-hand]"), function (form) {
      form.hidden = form.getAttribute("data-cp-hand") !== (kind === "queue" ? "lower" : "raise") || kind === "turn";
    });
    each(all("[data-cp-place]"), function (number) {
      if (kind === "queue" && number.textContent !== String(place)) {
        number.textContent = String(place);
      }
    });
    return { kind: kind, place: kind === "queue" ? place : 0 };
  }

  /* What to say when where they are in the talk changes (nothing on the first look at the page). */
  function mineChanged(now) {
    var before = mine;
    mine = now;
    if (!now || !before) {
      return;
    }
    if (now.kind === "turn" && before.kind !== "turn") {
      say("It's your turn to talk!");
    } else if (now.kind === "queue" && (before.kind !== "queue" || before.place !== now.place)) {
      say("Your hand is up. You're number " + now.place + " in the queue.");
    } else if (now.kind === "none" && before.kind === "turn") {
      say("Your turn has finished.");
    } else if (now.kind === "none" && before.kind === "queue") {
      say("Your hand is down.");
    }
  }

  function showBreak(state) {
    if (state.node.hasAttribute("data-cp-break-asked")) {
      breakAsked = state.node.getAttribute("data-cp-break-asked") === "1"; /* their own snapshot says */
    }
    each(all("[data-cp-break-ask]"), function (part) {
      part.hidden = breakAsked;
    });
    each(all("[data-cp-break-sent]"), function (part) {
      part.hidden = !breakAsked;
    });
  }

  function showScribe() {
    var scribe = false;
    each(all("form[data-cp-scribe-form]"), function (form) {
      if (token && form.getAttribute("data-token") === token) {
        form.hidden = false;
        scribe = true;
      }
    });
    if (scribe) {
      each(all("[data-cp-notes-text]"), function (text) {
        text.hidden = true;
      });
      each(all("[data-cp-scribe-line]"), function (line) {
        line.textContent = "You're taking the notes.";
      });
    }
  }

  function viewLabel(view) {
    var label = null;
    each(all("form[data-cp-view-choice], [data-cp-view]"), function (node) {
      var value = node.getAttribute("data-cp-view-choice") || node.getAttribute("data-cp-view");
      var text = node.querySelector("button, .cp-bars__label");
      if (!label && value === view && text) {
        label = text.textContent.replace(/^\s+|\s+$/g, "");
      }
    });
    /* First views too few to count have no bars to read it from: the line says every choice's words. */
    each(all("[data-cp-view-labels]"), function (node) {
      try {
        label = label || JSON.parse(node.getAttribute("data-cp-view-labels"))[view] || null;
      } catch (error) { /* not readable: no words */ }
    });
    return label;
  }

  function showMyView(state) {
    var bid = state.bid;
    if (state.node.hasAttribute("data-cp-my-view") && bid) {
      var given = state.node.getAttribute("data-cp-my-view");
      if (given) {
        myViews[bid] = given;
      } else {
        delete myViews[bid];
      }
    }
    var chosen = bid ? myViews[bid] : null;
    each(all("form[data-cp-view-choice]"), function (form) {
      form.classList.toggle("cp-choice--chosen", !!chosen && form.getAttribute("data-cp-view-choice") === chosen);
    });
    var label = chosen ? viewLabel(chosen) : null;
    each(all("[data-cp-my-view-text]"), function (line) {
      while (line.firstChild) {
        line.removeChild(line.firstChild);
      }
      line.hidden = !label;
      if (label) {
        var strong = document.createElement("strong");
        strong.textContent = label;
        line.appendChild(document.createTextNode("You picked: "));
        line.appendChild(strong);
        line.appendChild(document.createTextNode("."));
      }
    });
  }

  function personalise() {
    var state = readState();
    if (!state) {
      return;
    }
    var place = markQueue();
    mineChanged(showMine(place, myTurn()));
    showScribe();
    showMyView(state);
    showBreak(state);
  }

  /* The break countdown: "Back in 4:32" */
  function tick() {
    each(all("[data-cp-break-until]"), function (node) {
      var until = Date.parse(node.getAttribute("data-cp-break-until"));
      if (isNaN(until)) {
        return;
      }
      var left = Math.round((until - Date.now()) / 1000);
      var text = left > 0 ? "Back in " + Math.floor(left / 60) + ":" + twoDigits(left % 60) :
        "We'll start again any moment now.";
      node.hidden = false;
      if (node.textContent !== text) {
        node.textContent = text;
      }
    });
  }

  /* The action bar: on a small screen it is fixed to the bottom, so the page keeps that much room below its
     content and above anything the keyboard moves to (--cp-actions-height, read by the stylesheet). */
  var barWatcher = typeof window.ResizeObserver === "function" ? new window.ResizeObserver(measureBar) : null;

  function measureBar() {
    var bar = live.querySelector(".cp-actions");
    var fixed = bar && window.getComputedStyle(bar).position === "fixed";
    document.documentElement.style.setProperty("--cp-actions-height", (fixed ? bar.offsetHeight : 0) + "px");
  }

  function watchBar() {
    var bar = live.querySelector(".cp-actions");
    if (barWatcher) {
      barWatcher.disconnect();
      if (bar) {
        barWatcher.observe(bar);
      }
    }
    measureBar();
  }

  /* The reading help sits under the meeting's heading, which every update draws again: it waits outside the
     live region while the new drawing goes in, so it keeps its state (and the focus, if it had it). */
  function parkReadingHelp() {
    if (readingHelp && readingHome && readingHelp.parentNode !== readingHome) {
      readingHome.appendChild(readingHelp);
    }
  }

  function placeReadingHelp() {
    var slot = live.querySelector("[data-cp-reading-slot]");
    if (readingHelp && slot) {
      slot.appendChild(readingHelp);
    }
  }

  /* Folded parts (details[data-cp-fold]) stay as the person left them while the meeting stays on the same bid
     and step; when it moves on, they open or close as the server says is best for that step. */
  function rememberFolds() {
    var folds = {};
    each(all("details[data-cp-fold][id]"), function (fold) {
      folds[fold.id] = fold.open;
    });
    return folds;
  }

  function restoreFolds(folds) {
    each(all("details[data-cp-fold][id]"), function (fold) {
      if (Object.prototype.hasOwnProperty.call(folds, fold.id) && fold.open !== folds[fold.id]) {
        fold.open = folds[fold.id];
      }
    });
  }

  /* Focus: put it back where it was after the live region is replaced */
  function rememberFocus() {
    var active = document.activeElement;
    if (!active || active === live || !live.contains(active)) {
      return null;
    }
    var form = active.form || active.closest("form");
    var saved = { node: active, id: active.id, form: form ? form.id : "", name: active.name || "",
                  value: active.value, start: null, end: null, href: active.getAttribute("href"),
                  text: active.textContent, around: [] };
    /* The ids around it, nearest first: where the focus goes if the control itself is gone. */
    for (var node = active.parentNode; node && node !== live; node = node.parentNode) {
      if (node.id) {
        saved.around.push(node.id);
      }
    }
    try {
      saved.start = active.selectionStart;
      saved.end = active.selectionEnd;
    } catch (error) { /* not a text field */ }
    return saved;
  }

  function sameControl(form, saved) {
    var found = null;
    each(form.elements, function (field) {
      if (!found && field.name === saved.name && (field.type !== "radio" || field.value === saved.value)) {
        found = field;
      }
    });
    return found;
  }

  function sameLink(saved) {
    var found = null;
    if (saved.href === null) {
      return null;
    }
    each(all("a[href]"), function (link) {
      if (!found && link.getAttribute("href") === saved.href && link.textContent === saved.text) {
        found = link;
      }
    });
    return found;
  }

  /* The nearest element around where the focus was that can take it, or the heading of what is on screen. */
  function nearby(around) {
    for (var index = 0; index < around.length; index += 1) {
      var node = byId(live, around[index]);
      if (node && canFocus(node)) {
        return node;
      }
    }
    var heading = null;
    each(all("h1[tabindex], #cp-heading"), function (node) {
      if (!heading && !isHidden(node)) {
        heading = node;
      }
    });
    return heading;
  }

  function focusOn(target) {
    if (!target.hasAttribute("tabindex") && target.tabIndex < 0) {
      target.setAttribute("tabindex", "-1");
    }
    try {
      target.focus({ preventScroll: true });
    } catch (error) {
      target.focus();
    }
  }

  function restoreFocus(saved) {
    if (!saved) {
      return;
    }
    var target = live.contains(saved.node) ? saved.node : byId(live, saved.id);
    if (!target && saved.form && saved.name) {
      var form = byId(live, saved.form);
      target = form ? sameControl(form, saved) : null;
    }
    target = target || sameLink(saved);
    if (target && isHidden(target) && target.closest("[data-cp-hand]")) {
      /* The hand went up (or down): the other hand button takes the focus, if it is there. */
      each(all("form[data-cp-hand]"), function (form) {
        if (!form.hidden) {
          target = form.querySelector("button");
        }
      });
    }
    if (!target || !canFocus(target)) {
      /* What had the focus is gone (the chair gave them the turn, the meeting moved on): the nearest thing
         around it that can take the focus, so the person keeps their place. */
      target = nearby(saved.around);
    }
    if (!target) {
      return;
    }
    focusOn(target);
    if (saved.start !== null && (target === saved.node || (saved.name && target.name === saved.name))) {
      try {
        target.setSelectionRange(saved.start, saved.end);
      } catch (error) { /* not a text field */ }
    }
  }

  /* After the script hid the control that has the focus (a break request sent): the nearest thing around it. */
  function keepFocus() {
    var active = document.activeElement;
    if (active && live.contains(active) && isHidden(active)) {
      var saved = rememberFocus();
      var target = saved && nearby(saved.around);
      if (target) {
        focusOn(target);
      }
    }
  }

  /* Forms people type into: the typed values carried over to a fresh form */
  function copyValues(from, to) {
    each(from.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit" || field.type === "button") {
        return;
      }
      each(to.elements, function (other) {
        if (other.name !== field.name || other.type !== field.type) {
          return;
        }
        if (field.type === "radio" || field.type === "checkbox") {
          if (other.value === field.value) {
            other.checked = field.checked;
          }
        } else {
          other.value = field.value;
        }
      });
    });
    to.setAttribute("data-cp-dirty", "1");
  }

  /* Where the meeting is now (expect_*, csrf) comes from the fresh form; `revision` stays as the person saw it,
     so a decision recorded meanwhile on another device is not overwritten without a word. */
  function refreshHidden(kept, fresh) {
    each(fresh.querySelectorAll("input[type=hidden]"), function (field) {
      if (field.name === "revision") {
        return;
      }
      each(kept.querySelectorAll("input[type=hidden]"), function (old) {
        if (old.name === field.name) {
          old.value = field.value;
        }
      });
    });
  }

  /* Applying a rendering of the meeting */
  function apply(html, refusedForm) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    if (csrf) {
      each(holder.querySelectorAll("input[name=csrf_token]"), function (field) {
        field.value = csrf;
      });
    }
    var saved = rememberFocus();
    var before = readState();
    var folds = rememberFolds();
    each(all("form[data-cp-keep][data-cp-dirty]"), function (kept) {
      var fresh = byId(holder, kept.id);
      if (!fresh || fresh.tagName !== "FORM") {
        return; /* the meeting moved on: that form is gone */
      }
      if (kept.id === refusedForm) {
        copyValues(kept, fresh); /* the fresh form carries the server's messages and revision */
        return;
      }
      refreshHidden(kept, fresh);
      fresh.parentNode.replaceChild(kept, fresh);
    });
    parkReadingHelp();
    while (live.firstChild) {
      live.removeChild(live.firstChild);
    }
    while (holder.firstChild) {
      live.appendChild(holder.firstChild);
    }
    placeReadingHelp();
    var now = readState();
    if (before && now && !moved(now, before)) {
      restoreFolds(folds);
    }
    root.setAttribute("data-seq", String(seq));
    noticeChange();
    personalise();
    tick();
    if (errorText) {
      putError(errorText, false);
    }
    restoreFocus(saved);
    watchBar();
  }

  /* A refused command: an error summary at the top of the live region, focused */
  function removeError() {
    each(all("[data-cp-error]"), function (node) {
      node.parentNode.removeChild(node);
    });
  }

  /* The fields a refusal names (record: "consensus-41", "amount", …), as links to them, like GOV.UK's summary. */
  function problemList(problems) {
    var list = document.createElement("ul");
    list.className = "govuk-list govuk-error-summary__list";
    Object.keys(problems || {}).forEach(function (name) {
      var item = document.createElement("li");
      var field = live.querySelector("[name='" + name.replace(/[^\w-]/g, "") + "']");
      var text = String(problems[name]);
      if (field && field.id) {
        var link = document.createElement("a");
        link.href = "#" + field.id;
        link.textContent = text;
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    });
    return list.childNodes.length ? list : null;
  }

  function putError(text, focus) {
    removeError();
    var box = document.createElement("div");
    box.className = "govuk-error-summary cp-live-error";
    box.id = "cp-live-error";
    box.setAttribute("data-cp-error", "");
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    var title = document.createElement("h2");
    title.className = "govuk-error-summary__title";
    title.textContent = "That didn't work";
    var body = document.createElement("div");
    body.className = "govuk-error-summary__body";
    var message = document.createElement("p");
    message.className = "govuk-body";
    message.textContent = text;
    body.appendChild(message);
    var list = problemList(errorProblems);
    if (list) {
      body.appendChild(list);
    }
    box.appendChild(title);
    box.appendChild(body);
    live.insertBefore(box, live.firstChild);
    if (focus) {
      box.focus();
    }
  }

  function showError(text, problems) {
    errorText = text;
    errorProblems = problems || null;
    putError(text, true);
  }

  /* Commands: {name, args, expect} from a form's fields */
  function whole(value) {
    return /^-?\d+$/.test(value) ? parseInt(value, 10) : value;
  }

  function commandOf(form) {
    var command = { name: "", args: {} };
    var expect = null;
    each(form.elements, function (field) {
      var name = field.name;
      if (!name || field.disabled || field.type === "submit" || field.type === "button" ||
          ((field.type === "radio" || field.type === "checkbox") && !field.checked)) {
        return;
      }
      var consensus = CONSENSUS.exec(name);
      if (name === "csrf_token") {
        return;
      } else if (name === "name") {
        command.name = field.value;
      } else if (name === "expect_bid" || name === "expect_phase") {
        expect = expect || {};
        expect[name.slice(7)] = name === "expect_bid" ? whole(field.value) : field.value;
      } else if (consensus) {
        command.args.consensus = command.args.consensus || {};
        command.args.consensus[consensus[1]] = whole(field.value);
      } else {
        command.args[name] = NUMBERS[name] ? whole(field.value) : field.value;
      }
    });
    if (expect) {
      command.expect = expect;
    }
    return command;
  }

  /* What the person did was taken: show and say so (their first view, their break request). */
  function taken(command, answer, bid) {
    if (bid && (Object.prototype.hasOwnProperty.call(answer, "view") || command.name === "give_view")) {
      /* The server echoes the member's own first view to them alone. */
      var given = Object.prototype.hasOwnProperty.call(answer, "view") ? answer.view : command.args.view;
      if (given) {
        myViews[bid] = given;
      } else {
        delete myViews[bid];
      }
      personalise();
      if (command.name === "give_view" && given) {
        say("Got it. You picked: " + (viewLabel(given) || given) + ".");
      }
    }
    if (command.name === "need_break") {
      breakAsked = true;
      personalise();
      keepFocus();
      say("Your break request was sent to the chair.");
    }
  }

  function send(form) {
    var command = commandOf(form);
    var state = readState();
    var bid = state ? state.bid : "";
    form.setAttribute("data-cp-sending", "");
    socket.timeout(ANSWER_WAIT).emit("command", command, function (error, answer) {
      form.removeAttribute("data-cp-sending");
      if (error || !answer) {
        showError("We couldn't reach the meeting. Check your connection and try again.");
        return;
      }
      if (answer.ok) {
        form.removeAttribute("data-cp-dirty");
        errorText = null;
        removeError();
        taken(command, answer, bid);
        if (typeof answer.seq === "number" && answer.seq > seq + 1) {
          sync();
        }
        return;
      }
      if (typeof answer.html === "string" && typeof answer.seq === "number" && answer.seq >= seq) {
        seq = answer.seq;
        errorText = null;
        apply(answer.html, form.id);
      }
      showError(answer.message || "That didn't work. Try again.", answer.problems);
    });
  }

  live.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-cp-command") || !socket || !socket.connected) {
      return; /* a plain form post does the job */
    }
    event.preventDefault();
    if (!form.hasAttribute("data-cp-sending")) {
      send(form);
    }
  });

  function typed(event) {
    var form = event.target.form || (event.target.closest && event.target.closest("form"));
    if (form && form.hasAttribute("data-cp-keep")) {
      form.setAttribute("data-cp-dirty", "1");
    }
  }

  live.addEventListener("input", typed);
  live.addEventListener("change", typed);

  /* A break request reaches the chair: a line they see, and a short chime they hear (the page has been used,
     so the browser lets it play), beside the screen reader's alert. */
  function chime() {
    var Sound = window.AudioContext || window.webkitAudioContext;
    if (typeof Sound !== "function") {
      return;
    }
    try {
      audio = audio || new Sound();
      if (audio.state === "suspended" && typeof audio.resume === "function") {
        audio.resume();
      }
      [880, 660].forEach(function (pitch, index) {
        var tone = audio.createOscillator();
        var volume = audio.createGain();
        var start = audio.currentTime + index * 0.2;
        tone.frequency.value = pitch;
        volume.gain.setValueAtTime(0.15, start);
        volume.gain.exponentialRampToValueAtTime(0.001, start + 0.35);
        tone.connect(volume);
        volume.connect(audio.destination);
        tone.start(start);
        tone.stop(start + 0.4);
      });
    } catch (error) { /* no sound: the line and the alert still say it */ }
  }

  function signalled(data) {
    if (!data || data.kind !== "break") {
      return;
    }
    var text = (typeof data.name === "string" && data.name ? data.name : "Someone") + " asked for a break.";
    if (signalLine) {
      signalLine.textContent = text;
      signalLine.hidden = false;
    } else {
      say(text);
    }
    chime();
  }

  /* Start: what the page was rendered with */
  last = readState();
  placeReadingHelp();
  personalise();
  tick();
  watchBar();
  window.setInterval(tick, 1000);
  window.addEventListener("resize", measureBar);

  if (typeof window.io !== "function") {
    setStatus("offline", "Offline: refresh to see the latest");
    return;
  }

  /* The socket */
  var closedWith = null;
  socket = window.io("/meeting", {
    auth: { round: parseInt(root.getAttribute("data-round"), 10), screen: root.getAttribute("data-screen") === "1" },
    /* Also in every request's address, so the proxy sends a round's meeting to one server (deploy/nginx). */
    query: { round: parseInt(root.getAttribute("data-round"), 10) },
    /* A server restarting or stopping: try again soon, and never wait long (the default waits up to 5 s). */
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000
  });

  /* The server no longer lets this person follow the meeting (it says why). */
  function turnedAway(answer) {
    if (answer && answer.ok === false) {
      setStatus("offline", answer.message || "Offline: refresh to see the latest");
      return true;
    }
    return false;
  }

  function sync() {
    socket.timeout(ANSWER_WAIT).emit("sync", {}, function (error, answer) {
      if (error || turnedAway(answer) || !answer || typeof answer.seq !== "number" ||
          typeof answer.html !== "string" || answer.seq < seq) {
        return;
      }
      seq = answer.seq;
      apply(answer.html);
    });
  }

  function lost() {
    if (lostSince === null) {
      lostSince = Date.now();
    }
    if (Date.now() - lostSince > OFFLINE_AFTER || !socket.active) {
      setStatus("offline", "Offline: refresh to see the latest");
    } else {
      setStatus("lost", "Reconnecting…");
    }
  }

  socket.on("connect", function () {
    lostSince = null;
    setStatus("live", "Live");
    sync();
  });
  /* The server closed this screen and said why (signed out, here or elsewhere; the same person opened the
     meeting on more screens): show that, and do not try to come back. */
  socket.on("closed", function (data) {
    closedWith = data && typeof data.message === "string" ? data.message : "This screen has stopped.";
    setStatus("offline", closedWith);
    say(closedWith);
  });

  socket.on("disconnect", function (reason) {
    if (closedWith !== null) {
      setStatus("offline", closedWith);
      return;
    }
    lost(reason);
  });
  socket.on("connect_error", lost);
  socket.io.on("reconnect_attempt", lost);

  socket.on("update", function (data) {
    if (!data || typeof data.seq !== "number" || typeof data.html !== "string" || data.seq <= seq) {
      return; /* old news */
    }
    /* Each update holds the whole state for this audience, so one that skips a number is as good as a snapshot;
       only the viewer's own bits are filled in here (personalise). */
    seq = data.seq;
    apply(data.html);
  });

  /* The server lost touch with the other servers for a moment: updates may have been missed. */
  socket.on("resync", sync);

  socket.on("presence", function (data) {
    if (!data || typeof data.html !== "string") {
      return;
    }
    var holder = document.createElement("div");
    holder.innerHTML = data.html;
    var fresh = holder.querySelector("[data-cp-presence]");
    var old = live.querySelector("[data-cp-presence]");
    if (fresh && old) {
      old.parentNode.replaceChild(fresh, old);
    }
  });

  socket.on("signal", signalled);

  window.setInterval(function () {
    if (!socket.connected) {
      if (lostSince !== null) {
        lost();
      }
      return;
    }
    socket.timeout(ANSWER_WAIT).emit("here", {}, function (error, answer) {
      if (!error && !turnedAway(answer) && answer && typeof answer.seq === "number" && answer.seq > seq) {
        sync();
      }
    });
  }, HERE_EVERY);
})();
