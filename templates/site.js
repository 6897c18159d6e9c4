/* brief: the site's one script. Every page works without it; it adds
   search as you type on /search/ and in-place filtering of the timeline.
   It loads nothing but the site's own search-index.json. */
(function () {
  "use strict";

  // Lower case without accents, so that "rahmon" finds "Rahmon" and
  // "tajikistan" finds "Tajikistán".
  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function terms(q) {
    return fold(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  var kindLabel = { country: "Country", organisation: "Organisation", person: "Person", document: "Document", event: "Event" };
  var kindWeight = { country: 3, organisation: 2, person: 2, document: 1, event: 0 };

  // score rates an entry for the query's terms; every term must match.
  // A match at the start of a word of the title counts most, except in an
  // event, whose title is a whole sentence: a name in it says less than
  // the same name among a country's key people.
  function score(e, ts) {
    var total = kindWeight[e.k] || 0;
    var strong = e.k === "event" ? 2 : 8;
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i];
      if ((" " + e._t).indexOf(" " + t) >= 0) total += strong;
      else if (e._t.indexOf(t) >= 0) total += strong / 2;
      else if ((" " + e._w).indexOf(" " + t) >= 0) total += 2;
      else if (e._w.indexOf(t) >= 0) total += 1;
      else return -1;
    }
    return total;
  }

  function initSearch(form) {
    var input = form.querySelector("input[type=search]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!input || !status || !list) return;
    var index = null, loading = null, timer = 0;

    function load() {
      if (!loading) {
        status.textContent = "Loading the index…";
        loading = fetch(form.getAttribute("data-index"))
          .then(function (r) {
            if (!r.ok) throw new Error(r.status);
            return r.json();
          })
          .then(function (data) {
            data.forEach(function (e) {
              e._t = fold(e.t);
              e._w = fold([e.i, e.w].join(" ")).replace(/[^\p{L}\p{N}]+/gu, " ");
              e._t = e._t.replace(/[^\p{L}\p{N}]+/gu, " ");
            });
            index = data;
            return data;
          });
      }
      return loading;
    }

    // mark writes text into el with the query's terms in <mark>, where
    // folding kept the text's length (so positions still match).
    function mark(el, text, ts) {
      var low = fold(text);
      if (low.length !== text.length) {
        el.textContent = text;
        return;
      }
      var marks = [];
      ts.forEach(function (t) {
        var i = low.indexOf(t);
        if (i >= 0) marks.push([i, i + t.length]);
      });
      marks.sort(function (a, b) { return a[0] - b[0]; });
      var at = 0;
      marks.forEach(function (m) {
        if (m[0] < at) return;
        el.appendChild(document.createTextNode(text.slice(at, m[0])));
        var k = document.createElement("mark");
        k.textContent = text.slice(m[0], m[1]);
        el.appendChild(k);
        at = m[1];
      });
      el.appendChild(document.createTextNode(text.slice(at)));
    }

    function show(q) {
      var ts = terms(q);
      list.textContent = "";
      if (!ts.length) {
        status.textContent = "";
        return;
      }
      var hits = [];
      index.forEach(function (e) {
        var s = score(e, ts);
        if (s >= 0) hits.push({ e: e, s: s });
      });
      hits.sort(function (a, b) {
        return b.s - a.s || (b.e.d || "").localeCompare(a.e.d || "") || a.e.t.localeCompare(b.e.t);
      });
      var shown = hits.slice(0, 50);
      shown.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = h.e.u;
        mark(a, h.e.t, ts);
        var kind = document.createElement("span");
        kind.className = "result-kind";
        kind.textContent = kindLabel[h.e.k] || h.e.k;
        li.appendChild(kind);
        li.appendChild(a);
        if (h.e.i) {
          var info = document.createElement("span");
          info.className = "result-info";
          info.textContent = h.e.i;
          li.appendChild(info);
        }
        list.appendChild(li);
      });
      var n = hits.length;
      status.textContent = n === 0 ? "Nothing found for “" + q + "”."
        : (n === 1 ? "1 result" : n + " results") + " for “" + q + "”" + (n > shown.length ? ", the first " + shown.length + " shown." : ".");
    }

    function run() {
      var q = input.value.trim();
      var url = new URL(window.location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      load().then(function () { show(q); }, function () {
        status.textContent = "The search index could not be loaded.";
      });
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      run();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    input.addEventListener("focus", function () { load().catch(function () {}); });

    // Arrow keys move between the box and the results; Escape goes back.
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        var ls = links();
        if (ls.length) { ev.preventDefault(); ls[0].focus(); }
      }
    });
    list.addEventListener("keydown", function (ev) {
      var ls = links();
      var i = ls.indexOf(document.activeElement);
      if (i < 0) return;
      if (ev.key === "ArrowDown" && i + 1 < ls.length) { ev.preventDefault(); ls[i + 1].focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? ls[i - 1] : input).focus(); }
      else if (ev.key === "Escape") { ev.preventDefault(); input.focus(); }
    });

    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      input.value = q;
      run();
    }
  }

  // The timeline: filter links filter the events on the page in place and
  // move to the filtered page's URL, which exists as a page of its own.
  function initTimeline(root) {
    var nav = document.querySelector(".filters");
    var status = document.getElementById("filter-status");
    if (!nav) return;
    var all = nav.querySelector('a[data-filter=""]');
    var home = all ? new URL(all.href).pathname : window.location.pathname;
    var h1 = document.querySelector("main h1");
    var site = document.title.split(" · ").pop();

    function apply(key, label) {
      var shown = 0, total = 0;
      root.querySelectorAll(".event").forEach(function (li) {
        var ok = !key ||
          (key === "planned" || key === "reported" ? li.getAttribute("data-status") === key
            : (" " + li.getAttribute("data-countries") + " ").indexOf(" " + key + " ") >= 0);
        li.hidden = !ok;
        total++;
        if (ok) shown++;
      });
      root.querySelectorAll(".month, .year").forEach(function (sec) {
        sec.hidden = !sec.querySelector(".event:not([hidden])");
      });
      nav.querySelectorAll("a[data-filter]").forEach(function (a) {
        if (a.getAttribute("data-filter") === key) {
          a.setAttribute("aria-current", "page");
          // The same heading and title as the filtered page has.
          var title = a.getAttribute("data-title");
          if (title && h1) {
            h1.textContent = title;
            document.title = title + " · " + site;
          }
        } else a.removeAttribute("aria-current");
      });
      if (status) status.textContent = key ? "Showing " + shown + " of " + total + " events: " + label + "." : "";
    }

    nav.addEventListener("click", function (ev) {
      var a = ev.target.closest("a[data-filter]");
      if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey || ev.button !== 0) return;
      ev.preventDefault();
      var key = a.getAttribute("data-filter");
      var label = a.firstChild && a.textContent.replace(/\s*\d+\s*$/, "").trim();
      apply(key, label);
      history.pushState({ filter: key, label: label }, "", a.href);
    });
    window.addEventListener("popstate", function (ev) {
      var st = ev.state;
      if (st && typeof st.filter === "string") apply(st.filter, st.label);
      else if (window.location.pathname === home) apply("", "");
      else window.location.reload();
    });
  }

  function start() {
    var form = document.getElementById("search-form");
    if (form && window.fetch) initSearch(form);
    var tl = document.querySelector("[data-timeline]");
    if (tl) initTimeline(tl);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
