/* jixiao web UI: charts, the import drop zone, the editor's row operations.  No inline scripts. */
(function () {
  "use strict";

  function initCharts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(el.getAttribute("data-chart")));
      el.setAttribute("data-chart-ready", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  /* ---- import: drag and drop many files, one POST per file, per-file result ---- */
  function initDrop() {
    var zone = document.querySelector("[data-drop]");
    if (!zone) return;
    var input = document.querySelector("[data-drop-input]");
    var list = document.querySelector("[data-results]");
    var url = zone.getAttribute("data-url");
    var csrf = zone.getAttribute("data-csrf");
    var limit = parseInt(zone.getAttribute("data-limit"), 10) || 0;
    var msgs = JSON.parse(zone.getAttribute("data-messages"));

    function row(name) {
      var tr = document.createElement("tr");
      var a = document.createElement("td"); a.textContent = name;
      var b = document.createElement("td"); b.textContent = msgs.uploading; b.className = "muted";
      tr.appendChild(a); tr.appendChild(b); list.appendChild(tr);
      tr.setAttribute("data-file", name);
      return b;
    }
    function show(cell, ok, html) {
      cell.className = "";
      cell.innerHTML = html;            /* server-rendered, escaped fragment */
      var result = cell.querySelector("[data-result]");  /* ok, empty (no table: a warning), running or error */
      cell.parentNode.setAttribute("data-status", ok ? (result ? result.getAttribute("data-result") : "ok") : "error");
      if (window.htmx) htmx.process(cell);   /* a file still importing polls its job's progress */
    }
    /* a job's progress replaced by its result: the row takes the result's status */
    document.body.addEventListener("htmx:afterSettle", function () {
      document.querySelectorAll("tr[data-file], tr[data-job-row]").forEach(function (tr) {
        var result = tr.querySelector("[data-result]");
        if (result && tr.getAttribute("data-status") !== "error") tr.setAttribute("data-status", result.getAttribute("data-result"));
      });
    });
    function tooLarge(cell, text) {
      var span = document.createElement("span");
      span.className = "badge sev-error";
      span.setAttribute("data-error", "too-large");
      span.textContent = text;
      cell.textContent = ""; cell.appendChild(span);
      cell.parentNode.setAttribute("data-status", "error");
    }
    function send(file) {
      var cell = row(file.name);
      if (limit && file.size > limit) {   /* the server refuses too; this saves the upload */
        tooLarge(cell, msgs.too_large.replace("{name}", file.name));
        return Promise.resolve();
      }
      var fd = new FormData();
      fd.append("file", file, file.name);
      fd.append("csrf_token", csrf);
      document.querySelectorAll("[data-import-field]").forEach(function (el) {
        if (el.value) fd.append(el.getAttribute("data-import-field"), el.value);
      });
      return fetch(url, { method: "POST", body: fd, headers: { "X-CSRF-Token": csrf, "HX-Request": "true" },
                          credentials: "same-origin" })
        .then(function (r) {
          if (r.status === 413 && (r.headers.get("content-type") || "").indexOf("json") >= 0) {
            return r.json().then(function (j) { tooLarge(cell, j.error || msgs.too_large.replace("{name}", file.name)); });
          }
          return r.text().then(function (t) { show(cell, r.ok, t); });
        })
        .catch(function (e) { cell.textContent = String(e); cell.parentNode.setAttribute("data-status", "error"); });
    }
    function sendAll(files) {
      var chain = Promise.resolve();
      Array.prototype.forEach.call(files, function (f) { chain = chain.then(function () { return send(f); }); });
      return chain;
    }
    zone.addEventListener("click", function () { input.click(); });
    zone.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") input.click(); });
    input.addEventListener("change", function () { sendAll(input.files).then(function () { input.value = ""; }); });
    ["dragenter", "dragover"].forEach(function (n) {
      zone.addEventListener(n, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (n) {
      zone.addEventListener(n, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) { sendAll(e.dataTransfer.files); });
  }

  /* ---- editor: add / remove / reorder indicator rows, then re-check ---- */
  function initEditor() {
    var form = document.querySelector("[data-editor]");
    if (!form) return;
    var body = form.querySelector("[data-rows]");
    var tpl = form.querySelector("template[data-row-template]");
    function changed() { if (window.htmx) htmx.trigger(form, "jx-rows"); }
    function flag() {           /* mark the rows the live check found something on */
      var rows = body.querySelectorAll("tr[data-edit-row]");
      rows.forEach(function (tr) { tr.classList.remove("flagged"); tr.removeAttribute("title"); });
      document.querySelectorAll("#findings li[data-row]").forEach(function (li) {
        var tr = rows[parseInt(li.getAttribute("data-row"), 10)];
        if (tr) { tr.classList.add("flagged"); tr.title = (tr.title ? tr.title + "\n" : "") + li.textContent.trim(); }
      });
    }
    flag();
    document.body.addEventListener("htmx:afterSettle", flag);
    form.addEventListener("click", function (e) {
      var btn = e.target.closest("[data-op]");
      if (!btn) return;
      e.preventDefault();
      var op = btn.getAttribute("data-op");
      var tr = btn.closest("tr");
      if (op === "add") {
        body.appendChild(tpl.content.cloneNode(true));
        var last = body.lastElementChild;
        if (last && window.htmx) htmx.process(last);   /* its name asks the library too */
        if (last) { var first = last.querySelector("input"); if (first) first.focus(); }
      } else if (op === "remove" && tr) {
        tr.remove();
      } else if (op === "up" && tr && tr.previousElementSibling) {
        body.insertBefore(tr, tr.previousElementSibling);
      } else if (op === "down" && tr && tr.nextElementSibling) {
        body.insertBefore(tr.nextElementSibling, tr);
      }
      changed();
    });
  }

  /* ---- editor: a suggestion of the indicator library fills its row ---- */
  function initSuggestions() {
    var form = document.querySelector("[data-editor]");
    if (!form) return;
    function close(box) { if (box) box.innerHTML = ""; }
    function set(tr, name, value, always) {
      var input = tr.querySelector("[name=" + name + "]");   /* an input, or the name's textarea */
      if (input && value && (always || !input.value.trim())) input.value = value;
    }
    form.addEventListener("click", function (e) {
      var pick = e.target.closest("[data-suggestion]");
      if (!pick) return;
      e.preventDefault();
      var tr = pick.closest("tr");
      set(tr, "name", pick.getAttribute("data-name"), true);
      set(tr, "target", pick.getAttribute("data-target"), true);
      set(tr, "level2", pick.getAttribute("data-level2"), false);
      close(pick.closest("[data-suggest]"));
      var target = tr.querySelector("[name=target]");
      if (target) { target.focus(); target.select(); }
      recheck();
    });
    /* the live check sees the filled row: after the check in flight (leaving the name field
       started one), so that one is not replaced and aborted */
    function recheck() {
      if (!window.htmx) return;
      if (form.classList.contains("htmx-request")) {
        form.addEventListener("htmx:afterRequest", function () { setTimeout(recheck, 0); }, { once: true });
        return;
      }
      htmx.trigger(form, "jx-rows");
    }
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape") close(e.target.closest("td") && e.target.closest("td").querySelector("[data-suggest]"));
    });
    document.addEventListener("click", function (e) {   /* a click elsewhere closes every list */
      if (e.target.closest("[data-suggest]") || e.target.closest("[name=name]")) return;
      form.querySelectorAll("[data-suggest]").forEach(close);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initCharts(); initDrop(); initEditor(); initSuggestions(); });
})();
