/* tqcheck page: filters by severity and rule code, "only rows with findings",
   j/n and k/p to move to the next/previous visible finding. Reads only the
   page's own markup; no network, no eval, no innerHTML. */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  var findings = Array.prototype.slice.call(doc.querySelectorAll("li.finding"));
  var byId = {};
  var rowFindings = {};
  doc.querySelectorAll("tr.findings[data-row]").forEach(function (tr) {
    rowFindings[tr.getAttribute("data-row")] = tr;
  });
  findings.forEach(function (li) {
    li.tabIndex = -1;
    byId[li.id] = li;
  });

  function checked(id) {
    var box = doc.getElementById(id);
    return !!(box && box.checked);
  }

  function severityOf(li) {
    var m = /(?:^|\s)sev-(\w+)/.exec(li.className);
    return m ? m[1] : "";
  }

  function hiddenCodes() {
    var hidden = {};
    doc.querySelectorAll("input.code-filter").forEach(function (box) {
      if (!box.checked) {
        hidden[box.getAttribute("data-code")] = true;
      }
    });
    return hidden;
  }

  function apply() {
    var codes = hiddenCodes();
    findings.forEach(function (li) {
      var off = checked("hide-" + severityOf(li)) || codes[li.getAttribute("data-code")] === true;
      li.classList.toggle("filtered", off);
    });
    doc.querySelectorAll("[data-f]").forEach(function (el) {
      var ids = (el.getAttribute("data-f") || "").split(" ");
      var shown = ids.some(function (id) {
        return byId[id] && !byId[id].classList.contains("filtered");
      });
      el.classList.toggle("filtered", !shown);
    });
    doc.querySelectorAll("tr.link").forEach(function (row) {
      var extra = rowFindings[row.id];
      var shown = !!extra && Array.prototype.some.call(extra.querySelectorAll("li.finding"), function (li) {
        return !li.classList.contains("filtered");
      });
      row.classList.toggle("quiet", !shown);
      if (extra) {
        extra.classList.toggle("quiet", !shown);
      }
    });
    body.classList.toggle("only-flagged", checked("only-flagged"));
  }

  function visibleFindings() {
    return findings.filter(function (li) {
      return li.offsetParent !== null;
    });
  }

  var last = null;

  /* Index of el in list; for an element not in it (a finding now filtered out),
     the index of the last item before it plus one half. */
  function position(list, el) {
    var at = list.indexOf(el);
    if (at >= 0) {
      return at;
    }
    var before = -1;
    list.forEach(function (li, k) {
      if (li.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
        before = k;
      }
    });
    return before + 0.5;
  }

  function rowOf(li) {
    var tr = li.closest("tr.findings");
    return tr ? doc.getElementById(tr.getAttribute("data-row")) : null;
  }

  function move(step) {
    var list = visibleFindings();
    if (!list.length) {
      return;
    }
    var anchor = list.indexOf(doc.activeElement) >= 0 ? doc.activeElement : last;
    var next;
    if (anchor) {
      var at = position(list, anchor);
      next = step > 0 ? Math.floor(at) + 1 : Math.ceil(at) - 1;
      next = Math.min(Math.max(next, 0), list.length - 1);
    } else {
      var top = window.scrollY;
      next = step > 0 ? 0 : list.length - 1;
      for (var i = 0; i < list.length; i++) {
        var y = list[i].getBoundingClientRect().top + window.scrollY;
        if (step > 0 && y > top + 1) { next = i; break; }
        if (step < 0 && y < top - 1) { next = i; }
      }
    }
    doc.querySelectorAll("tr.current").forEach(function (r) { r.classList.remove("current"); });
    var li = list[next];
    last = li;
    var row = rowOf(li);
    if (row) {
      row.classList.add("current");
    }
    li.focus({ preventScroll: true });
    (row || li).scrollIntoView({ block: "center" });
  }

  doc.addEventListener("change", function (event) {
    if (event.target && event.target.matches("input[type=checkbox]")) {
      apply();
    }
  });
  doc.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && t.type !== "checkbox")) {
      return;
    }
    if (event.key === "j" || event.key === "n") {
      move(1);
      event.preventDefault();
    } else if (event.key === "k" || event.key === "p") {
      move(-1);
      event.preventDefault();
    }
  });
  apply();
}());
