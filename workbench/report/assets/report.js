// Filters, search and paging for the workbench HTML report. Reads only data-* attributes and
// textContent of what the server rendered; never writes HTML, so report text stays text.
(function () {
  "use strict";
  var PAGE = 50;
  var list = document.getElementById("items");
  if (!list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll(":scope > details"));
  var text = items.map(function (el) { return el.textContent.toLowerCase(); });
  var byId = function (id) { return document.getElementById(id); };
  var controls = {
    locale: byId("f-locale"), level: byId("f-level"), family: byId("f-family"),
    rule: byId("f-rule"), file: byId("f-file"), search: byId("f-search")
  };
  var page = 0;

  function words(el, name) {
    var value = el.getAttribute("data-" + name) || "";
    return value ? value.split(" ") : [];
  }

  function matches(el, i) {
    var c = controls;
    if (c.locale.value && el.getAttribute("data-locale") !== c.locale.value) return false;
    if (c.level.value && el.getAttribute("data-level") !== c.level.value) return false;
    if (c.file.value && el.getAttribute("data-file") !== c.file.value) return false;
    if (c.family.value && words(el, "families").indexOf(c.family.value) < 0) return false;
    if (c.rule.value && words(el, "rules").indexOf(c.rule.value) < 0) return false;
    var query = c.search.value.trim().toLowerCase();
    return !query || text[i].indexOf(query) >= 0;
  }

  function apply() {
    var shown = items.filter(matches);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var first = page * PAGE;
    var visible = shown.slice(first, first + PAGE);
    items.forEach(function (el) { el.hidden = true; });
    visible.forEach(function (el) { el.hidden = false; });
    byId("count").textContent = shown.length
      ? "showing " + (first + 1) + "–" + (first + visible.length) + " of " + shown.length +
        " matching (" + items.length + " in all) · page " + (page + 1) + " of " + pages
      : "nothing matches these filters (" + items.length + " in all)";
    byId("prev").disabled = page === 0;
    byId("next").disabled = page >= pages - 1;
  }

  Object.keys(controls).forEach(function (name) {
    var el = controls[name];
    el.addEventListener(name === "search" ? "input" : "change", function () { page = 0; apply(); });
  });
  byId("prev").addEventListener("click", function () { page -= 1; apply(); });
  byId("next").addEventListener("click", function () { page += 1; apply(); });
  byId("reset").addEventListener("click", function () {
    Object.keys(controls).forEach(function (name) { controls[name].value = ""; });
    page = 0; apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.rule"), function (button) {
    button.addEventListener("click", function () {
      controls.rule.value = button.getAttribute("data-rule");
      page = 0; apply();
      controls.rule.scrollIntoView();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.locale"), function (button) {
    button.addEventListener("click", function () {
      controls.locale.value = button.getAttribute("data-locale");
      page = 0; apply();
      controls.locale.scrollIntoView();
    });
  });
  byId("filters").hidden = false;
  byId("pager").hidden = false;
  apply();
})();
