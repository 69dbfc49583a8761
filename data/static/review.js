/* The review page from the keyboard (data/templates/review.html): j/k move between the cards,
   a/f/r decide, u undoes, o opens the original, e corrects, x selects, ? lists the keys.
   Every action sends the page's own forms with fetch (Accept: application/json) to the routes of
   pipeline/publishing/decisions.py and applies the answer in place: no reload, the position and
   the filters kept. Without this file every button still posts its form. Plain JS, no build. */
(function () {
  "use strict";

  var WORDS = {approved: "Approved", featured: "Featured", rejected: "Rejected",
               "new": "Back in the queue", archived: "Archived"};
  var history = [];  // the decisions made here, newest last: {card, status, previous}
  var current = null;  // the card in focus
  var decidedHere = 0;
  var loading = null;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function cards() { return Array.prototype.slice.call(document.querySelectorAll(
    "#review-cards .review-card")); }
  function isOpen(card) { return !card.classList.contains("is-decided"); }

  function say(text) {
    var status = $("#review-status");
    if (status) { status.textContent = text; }
  }

  function focusCard(card) {
    if (!card) { return; }
    current = card;
    card.focus({preventScroll: true});
    card.scrollIntoView({block: "nearest"});
  }

  // The next (step 1) or previous (step -1) card still waiting, from the one in focus.
  function neighbour(step) {
    var list = cards();
    var index = current ? list.indexOf(current) : (step > 0 ? -1 : list.length);
    for (var i = index + step; i >= 0 && i < list.length; i += step) {
      if (isOpen(list[i])) { return list[i]; }
    }
    return null;
  }

  function move(step) {
    var next = neighbour(step);
    if (next) { focusCard(next); return; }
    var from = current;  // focus moves on only if the editor has not moved meanwhile
    if (step > 0) {
      loadMore().then(function () { if (current === from) { focusCard(neighbour(1)); } });
    }
  }

  // The next stories of the same view and filters, appended: decided ones have left the queue,
  // so the page's own address now lists the stories after them.
  function loadMore() {
    if (loading) { return loading; }
    say("Loading the next stories…");
    loading = fetch(location.href, {credentials: "same-origin"}).then(function (response) {
      return response.text();
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var list = $("#review-cards");
      var added = 0;
      doc.querySelectorAll("#review-cards .review-card").forEach(function (card) {
        if (!document.getElementById(card.id)) {
          list.appendChild(document.importNode(card, true));
          added += 1;
        }
      });
      say(added ? added + " more stories loaded." : "No more stories waiting.");
    }).catch(function () {
      say("Could not load more stories: reload the page.");
    }).then(function () { loading = null; });
    return loading;
  }

  function post(form, changes) {
    var data = new URLSearchParams(new FormData(form));
    Object.keys(changes || {}).forEach(function (name) {
      var value = changes[name];
      if (Array.isArray(value)) {
        data.delete(name);
        value.forEach(function (item) { data.append(name, item); });
      } else { data.set(name, value); }
    });
    // getAttribute: a field named "action" (the backlog's Archive button) hides form.action.
    return fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return {status: response.status, body: body};
      });
    });
  }

  function when(moment) {
    if (!moment) { return "an earlier moment"; }
    var day = moment.slice(0, 10), today = new Date().toISOString().slice(0, 10);
    return (day === today ? "" : day + " ") + moment.slice(11, 16);
  }

  function line(card) { return $(".decided", card); }

  function collapse(card, status, previous) {
    card.classList.add("is-decided");
    card.dataset.status = status;
    $("input[name=seen_status]", card).value = status;
    var box = line(card);
    box.hidden = false;
    box.textContent = (WORDS[status] || status) + " by you: " + title(card) + " · ";
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "undo";
    undo.textContent = "Undo";
    box.appendChild(undo);
    history.push({card: card, status: status, previous: previous || "new"});
  }

  function reopen(card, status) {
    card.classList.remove("is-decided");
    card.dataset.status = status;
    $("input[name=seen_status]", card).value = status;
    var box = line(card);
    box.hidden = true;
    box.textContent = "";
  }

  function conflict(card, body, wanted) {
    var box = line(card);
    box.hidden = false;
    box.setAttribute("role", "alert");
    box.textContent = "Already " + (WORDS[body.status] || body.status).toLowerCase() + " by " +
      (body.decided_by || "another editor") + " at " + when(body.decided_at) + " · ";
    var change = document.createElement("button");
    change.type = "button";
    change.className = "change-anyway";
    change.dataset.status = wanted;
    change.dataset.seen = body.status;
    change.textContent = "Make it " + (WORDS[wanted] || wanted).toLowerCase() + " anyway";
    box.appendChild(change);
    $("input[name=seen_status]", card).value = body.status;
    card.dataset.status = body.status;
    say(box.textContent);
  }

  function decide(card, status, seen) {
    if (!card || card.classList.contains("is-busy")) { return; }
    var form = $("form.decide", card);
    var changes = {status: status};
    if (seen) { changes.seen_status = seen; }
    card.classList.add("is-busy");
    return post(form, changes).then(function (answer) {
      card.classList.remove("is-busy");
      if (answer.status === 200 && answer.body.ok) {
        var box = line(card);
        box.removeAttribute("role");
        collapse(card, answer.body.status, answer.body.previous_status);
        decidedHere += 1;
        say((WORDS[answer.body.status] || answer.body.status) + ": " + title(card) + ". " +
            decidedHere + " decided on this page.");
        if (current === card) { move(1); }
      } else if (answer.status === 409 && answer.body.conflict) {
        conflict(card, answer.body, status);
      } else {
        say("Not saved (" + answer.status + "): " + (answer.body.error || "reload the page"));
      }
    }).catch(function () {
      card.classList.remove("is-busy");
      say("Not saved: the server did not answer.");
    });
  }

  function undo(entry) {
    if (!entry) { say("Nothing to undo."); return; }
    history.splice(history.indexOf(entry), 1);
    var card = entry.card;
    return post($("form.decide", card), {status: entry.previous, seen_status: entry.status,
                                         note: "undo"}).then(function (answer) {
      if (answer.status === 200 && answer.body.ok) {
        reopen(card, answer.body.status);
        decidedHere -= 1;
        focusCard(card);
        say("Undone: " + title(card) + " is " + (WORDS[answer.body.status] || "").toLowerCase());
      } else if (answer.status === 409 && answer.body.conflict) {
        reopen(card, answer.body.status);
        conflict(card, answer.body, entry.previous);
      } else { say("Not undone (" + answer.status + ")."); }
    });
  }

  function title(card) { return $("h3", card).textContent.trim(); }

  function edit(card) {
    var details = $("details.correct", card);
    details.open = true;
    var field = $("input[name=title]", details);
    field.focus();
    field.select();
  }

  function toggle(card) {
    var box = $("input[name=ids]", card);
    if (!box) { return; }
    box.checked = !box.checked;
    selectionChanged();
  }

  function selected() {
    return Array.prototype.slice.call(document.querySelectorAll(
      "#review-cards input[name=ids]:checked"));
  }

  function selectionChanged() {
    var count = selected().length, label = $("#bulk-form .selected-count");
    if (label) {
      label.textContent = count ? count + " selected:" :
        "Tick stories (x) to decide them together:";
    }
  }

  function bulk(form, submitter) {
    var boxes = selected();
    if (!boxes.length) { say("Select stories first (x)."); return; }
    var status = submitter.value;
    var ids = boxes.map(function (box) { return box.value; });
    post(form, {status: status, ids: ids, confirm: String(ids.length)}).then(function (answer) {
      if (answer.status === 200 && answer.body.ok) {
        boxes.forEach(function (box) {
          box.checked = false;
          var card = box.closest(".review-card");
          collapse(card, status, card.dataset.status);
        });
        selectionChanged();
        say((WORDS[status] || status) + ": " + answer.body.applied + " stories at once.");
        if (current && !isOpen(current)) { move(1); }
      } else {
        say("Not applied (" + answer.status + "): the queue changed; reload the page.");
      }
    });
  }

  // The backlog: first the count, then a button that applies exactly that many.
  function backlog(form, submitter) {
    var choice = {};
    choice[submitter.name] = submitter.value;
    var preview = $(".backlog-preview", form);
    post(form, choice).then(function (answer) {
      if (answer.status !== 200 || !answer.body.ok) {
        preview.textContent = "Refused (" + answer.status + "): " +
          (answer.body.error || "choose a date, a source or a language");
        return;
      }
      var count = answer.body.count;
      preview.textContent = count + " stor" + (count === 1 ? "y" : "ies") +
        (answer.body.preview && answer.body.preview.length ?
          " (" + answer.body.preview.slice(0, 3).join("; ") + "…)" : "") + " ";
      if (!count) { return; }
      var confirm = document.createElement("button");
      confirm.type = "button";
      confirm.className = "confirm-backlog";
      confirm.textContent = "Confirm: " + (submitter.value === "archive" ? "archive " :
        "reject ") + count;
      confirm.addEventListener("click", function () {
        choice.confirm = String(count);
        post(form, choice).then(function (done) {
          if (done.status === 200 && done.body.ok) {
            preview.textContent = "Done: " + done.body.applied + " stories.";
            location.reload();
          } else {
            preview.textContent = "The count changed (now " + done.body.count + "): count again.";
          }
        });
      });
      preview.appendChild(confirm);
      confirm.focus();
    });
  }

  function correct(form) {
    var card = form.closest(".review-card");
    post(form).then(function (answer) {
      if (answer.status === 200 && answer.body.ok) {
        var heading = $("h3 a", card) || $("h3", card);
        heading.textContent = $("input[name=title]", form).value;
        var summary = $(".summary", card);
        if (summary) { summary.textContent = $("textarea[name=summary]", form).value; }
        $("details.correct", card).open = false;
        focusCard(card);
        say("Corrected: " + (answer.body.changed || []).join(", ") + ".");
      } else { say("Correction not saved (" + answer.status + ")."); }
    });
  }

  function typing(target) {
    return target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.matches && target.matches("form.decide input")) {
      event.preventDefault();  // Enter in the note never decides
      return;
    }
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey ||
        typing(target) || $("#review-keys[open]")) { return; }
    var card = current && document.body.contains(current) ? current : null;
    var act = {
      "j": function () { move(1); },
      "k": function () { move(-1); },
      "a": function () { if (card) { decide(card, "approved"); } else { move(1); } },
      "f": function () { if (card) { decide(card, "featured"); } else { move(1); } },
      "r": function () { if (card) { decide(card, "rejected"); } else { move(1); } },
      "u": function () { undo(history[history.length - 1]); },
      "o": function () { var link = card && $("a.original", card); if (link) { link.click(); } },
      "e": function () { if (card) { edit(card); } },
      "x": function () { if (card) { toggle(card); } },
      "?": function () { $("#review-keys").showModal(); }
    }[event.key];
    if (act) {
      event.preventDefault();
      act();
    }
  });

  document.addEventListener("focusin", function (event) {
    var card = event.target.closest && event.target.closest(".review-card");
    if (card) { current = card; }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var card = button.closest(".review-card");
    if (button.classList.contains("undo")) {
      undo(history.filter(function (entry) { return entry.card === card; }).pop());
    } else if (button.classList.contains("change-anyway")) {
      decide(card, button.dataset.status, button.dataset.seen);
    } else if (button.hasAttribute("data-keys")) {
      $("#review-keys").showModal();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("input[name=ids]")) { selectionChanged(); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target, submitter = event.submitter;
    if (form.matches("form.decide") && submitter && submitter.name === "status") {
      event.preventDefault();
      var card = form.closest(".review-card");
      current = card;
      decide(card, submitter.value);
    } else if (form.matches("form.correct")) {
      event.preventDefault();
      correct(form);
    } else if (form.id === "bulk-form" && submitter) {
      event.preventDefault();
      bulk(form, submitter);
    } else if (form.id === "backlog-form" && submitter) {
      event.preventDefault();
      backlog(form, submitter);
    }
  });

  window.probonoReview = {loadedAt: Date.now()};  // a marker a reload would lose (the tests)
}());
