// Similar ideas under the title field: asks /ideas/similar/ once the title settles.
// Purely advisory: it never blocks typing or submitting.
(function () {
  "use strict";
  var box = document.getElementById("similar-ideas");
  var title = document.getElementById("id_title");
  if (!box || !title || !window.fetch) return;
  var list = box.querySelector("ul");
  var timer = null;
  var last = "";

  function show(results) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title;
      a.target = "_blank";
      a.rel = "noopener";
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " (" + r.field + ", " + r.status + ")";
      li.appendChild(meta);
      list.appendChild(li);
    });
    box.hidden = results.length === 0;
  }

  function lookup() {
    var value = title.value.trim();
    if (value === last) return;
    last = value;
    if (value.length < 4) { show([]); return; }
    var url = box.dataset.url + "?title=" + encodeURIComponent(value);
    if (box.dataset.exclude) url += "&exclude=" + encodeURIComponent(box.dataset.exclude);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { if (title.value.trim() === value) show(data.results || []); })
      .catch(function () { show([]); });
  }

  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 400);
  });
  title.addEventListener("blur", lookup);
  if (title.value.trim()) lookup();
})();
