// Live reload for `brief serve`. The preview server adds this script to
// every HTML page it serves; built sites never contain it. It listens to the
// server's event stream (Server-Sent Events, next to this script):
//
//   hello     the build the server holds; a build other than the one this
//             page came from (a reload missed while connecting, or a
//             restarted server) reloads the page
//   reload    a build changed pages: reload
//   css       only the stylesheet changed: swap it without a reload
//   problems  the last build failed: show its diagnostics over the page
//   ok        the build is good again: remove the overlay
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) {
    return;
  }
  var url = new URL("events", script.src).href;
  var seen = script.getAttribute("data-build");
  var overlay = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(lines) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "brief-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
      "background:#1e0000;color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#ff9b9b;font-size:16px;";
    // Build 0 is the placeholder served before the first good build.
    title.textContent = seen === "0" ?
      "Build failed: there is no good build to show yet. Fix the file and save." :
      "Build failed: the preview shows the last good build. Fix the file and save.";
    overlay.appendChild(title);
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:0;white-space:pre-wrap;";
    pre.textContent = lines.join("\n");
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var next = link.cloneNode();
      var u = new URL(link.href);
      u.searchParams.set("brief", String(Date.now()));
      next.href = u.href;
      // Remove the old sheet only once the new one applies: no flash of
      // unstyled content.
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { next.remove(); });
      link.after(next);
    });
  }

  var events = new EventSource(url);
  events.addEventListener("hello", function (e) {
    if (seen !== e.data) {
      location.reload();
      return;
    }
    seen = e.data;
  });
  events.addEventListener("reload", function (e) {
    seen = e.data;
    location.reload();
  });
  events.addEventListener("css", function (e) {
    seen = e.data;
    swapStylesheets();
  });
  events.addEventListener("problems", function (e) {
    show(JSON.parse(e.data));
  });
  events.addEventListener("ok", hide);
})();
