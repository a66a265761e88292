// translate_app editor: keyboard, placeholder chips, suggestions, conflicts, batch selection.
// Plain JavaScript on top of htmx; every page stays readable without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function segmentOf(el) { return el && el.closest ? el.closest("article.seg") : null; }
  function fieldOf(seg) { return seg ? seg.querySelector(".seg-form textarea[name=text]") : null; }
  function isField(el) { return el instanceof HTMLTextAreaElement && el.name === "text" && !!el.closest(".seg-form"); }
  function segments() { return Array.prototype.slice.call(document.querySelectorAll("article.seg")); }

  function autosize(area) {
    area.style.height = "auto";
    area.style.height = Math.max(area.scrollHeight + 2, 48) + "px";
  }

  function changed(area) {
    area.dispatchEvent(new Event("input", { bubbles: true }));
    autosize(area);
  }

  function insertAtCursor(area, text) {
    var start = area.selectionStart, end = area.selectionEnd;
    area.setRangeText(text, start, end, "end");
    area.focus();
    changed(area);
  }

  // The segment being worked on shows its details and preview; the last one stays open.
  function openSegment(seg) {
    if (!seg) return;
    if (!seg.classList.contains("current")) {
      document.querySelectorAll("article.seg.current").forEach(function (s) { s.classList.remove("current"); });
      seg.classList.add("current");
    }
    if (seg.dataset.opened) return;
    seg.dataset.opened = "1";
    var details = seg.querySelector(".seg-details");
    if (details && window.htmx) window.htmx.trigger(details, "ta:open");
  }

  function focusSegment(seg) {
    var area = fieldOf(seg);
    if (!area) return;
    area.focus();
    var end = area.value.length;
    area.setSelectionRange(end, end);
    seg.scrollIntoView({ block: "center", behavior: "instant" });
  }

  function neighbour(seg, step) {
    var all = segments();
    var i = all.indexOf(seg);
    return i < 0 ? null : all[i + step] || null;
  }

  function missingPlaceholder(seg, area) {
    var source = seg.dataset.source || "";
    var wanted = source.match(/<\/?g\d+>|<x\d+\/>/g) || [];
    var have = area.value.match(/<\/?g\d+>|<x\d+\/>/g) || [];
    for (var i = 0; i < wanted.length; i++) {
      var at = have.indexOf(wanted[i]);
      if (at < 0) return wanted[i];
      have.splice(at, 1);
    }
    return null;
  }

  function submit(seg, intent, advance) {
    var form = seg.querySelector("form.seg-form");
    if (!form) return;
    form.querySelector("input[name=advance]").value = advance ? "1" : "0";
    var button = form.querySelector("button[name=intent][value=" + intent + "]");
    form.requestSubmit(button);
  }

  document.addEventListener("keydown", function (ev) {
    var area = ev.target;
    if (!isField(area)) return;
    var seg = segmentOf(area);
    if (!seg) return;
    var ctrl = ev.ctrlKey || ev.metaKey;
    if (ctrl && !ev.shiftKey && !ev.altKey && ev.key === "Enter") {
      ev.preventDefault();
      submit(seg, "translated", true);
    } else if (ctrl && ev.shiftKey && ev.code === "KeyC") {
      ev.preventDefault();
      area.value = seg.dataset.source || "";
      changed(area);
    } else if (ctrl && ev.shiftKey && ev.code === "KeyX") {
      ev.preventDefault();
      var token = missingPlaceholder(seg, area);
      if (token) insertAtCursor(area, token);
    } else if (ctrl && ev.shiftKey && /^Digit[1-9]$/.test(ev.code)) {
      var n = ev.code.slice(5);
      var suggestion = seg.querySelector(".suggestion[data-n='" + n + "']");
      if (suggestion) {
        ev.preventDefault();
        area.value = suggestion.dataset.text;
        changed(area);
      }
    } else if (ev.altKey && !ctrl && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
      var next = neighbour(seg, ev.key === "ArrowDown" ? 1 : -1);
      if (next) { ev.preventDefault(); focusSegment(next); }
    }
  });

  document.addEventListener("focusin", function (ev) {
    var seg = segmentOf(ev.target);
    if (seg && seg.closest(".segments")) openSegment(seg);
  });

  document.addEventListener("input", function (ev) {
    var area = ev.target;
    if (isField(area)) {
      var seg = segmentOf(area);
      if (seg) seg.classList.add("dirty");
      autosize(area);
    }
  });

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    var chip = target.closest(".seg-source .chip");
    var seg = segmentOf(target);
    if (chip && seg) { insertAtCursor(fieldOf(seg), chip.dataset.token); return; }
    var use = target.closest(".use-suggestion");
    if (use && seg) {
      var area = fieldOf(seg);
      area.value = use.closest(".suggestion").dataset.text;
      changed(area);
      area.focus();
      return;
    }
    if (target.closest(".copy-source") && seg) {
      var field = fieldOf(seg);
      field.value = seg.dataset.source || "";
      changed(field);
      field.focus();
      return;
    }
    var theirs = target.closest(".take-theirs");
    if (theirs && seg) {
      var box = fieldOf(seg);
      box.value = theirs.dataset.text;
      changed(box);
      box.focus();
      return;
    }
    var all = target.closest("input.select-all");
    if (all) {
      document.querySelectorAll("input.passes[form='" + all.dataset.form + "']").forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });

  // After a save (htmx swapped the new card in): move on, or stay on a refused save.
  document.body.addEventListener("ta:saved", function (ev) {
    var detail = ev.detail || {};
    var seg = document.getElementById("seg-" + detail.key);
    if (!seg) return;
    if (detail.advance) {
      var next = neighbour(seg, 1);
      if (next) { focusSegment(next); return; }
      var more = document.querySelector(".pager a[rel=next]");
      if (more) { window.location.href = more.href; return; }
    }
    focusSegment(seg);
  });

  document.body.addEventListener("htmx:afterSwap", function (ev) {
    var el = ev.detail && ev.detail.elt;
    if (!(el instanceof Element)) return;
    var seg = el.matches("article.seg") ? el : segmentOf(el);
    if (seg && (seg.classList.contains("has-conflict") || seg.classList.contains("has-error"))) {
      focusSegment(seg);
    }
    document.querySelectorAll("article.seg .seg-form textarea[name=text]").forEach(autosize);
  });

  window.addEventListener("beforeunload", function (ev) {
    if (document.querySelector("article.seg.dirty")) { ev.preventDefault(); ev.returnValue = ""; }
  });
  document.addEventListener("submit", function (ev) {
    var seg = segmentOf(ev.target);
    if (seg) seg.classList.remove("dirty");
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("article.seg .seg-form textarea[name=text]").forEach(autosize);
    var hash = window.location.hash;
    var list = document.querySelector(".segments[data-focus]");
    var wanted = hash.indexOf("#seg-") === 0 ? hash.slice(1) : list ? "seg-" + list.dataset.focus : "";
    var seg = wanted ? document.getElementById(wanted) : null;
    if (seg) focusSegment(seg);
  });
})();
