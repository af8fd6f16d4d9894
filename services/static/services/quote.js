// The request form's total, recomputed as the plan or quantity changes. The same arithmetic
// as services.pricing.quote (the server renders the first figure and stores the real one);
// without JavaScript the "Recalculate the total" button asks the server.
(function () {
  "use strict";
  var data = document.getElementById("plan-prices");
  var form = document.getElementById("request-form");
  var box = document.getElementById("quote");
  if (!data || !form || !box) return;
  var prices = JSON.parse(data.textContent);
  var plan = form.querySelector("[name=plan]");
  var quantity = form.querySelector("[name=quantity]");
  var refresh = document.getElementById("quote-refresh");
  if (refresh) refresh.remove();

  function vnd(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "\u00a0₫";
  }
  function set(name, text) {
    var el = box.querySelector('[data-quote="' + name + '"]');
    if (el) el.textContent = text;
  }
  function update() {
    var p = prices[plan.value];
    var q = parseInt(quantity.value, 10);
    if (!p) return;
    if (!(q >= 1 && q <= 1000)) q = 0;
    var before = q ? p.first + p.other * (q - 1) : 0;
    var total = Math.floor((before * (100 + p.vat) + 50) / 100);
    var lines = box.querySelector('[data-quote="lines"]');
    if (lines) {
      lines.textContent = q
        ? "1 × " + vnd(p.first) + (q > 1 ? " + " + (q - 1) + " × " + vnd(p.other) : "") +
          " " + lines.getAttribute("data-before-vat")
        : "–";
    }
    set("before_vat", vnd(before));
    set("rate", String(p.vat));
    set("vat", vnd(total - before));
    set("total", vnd(total));
  }
  plan.addEventListener("change", update);
  quantity.addEventListener("input", update);
  update();
})();
