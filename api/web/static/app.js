// councilkg: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // "/" jumps to the main search box (as on many sites), unless the user is typing.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var box = document.getElementById("q");
    if (box) { ev.preventDefault(); box.focus(); box.select(); }
  });
  // Show that a question is being answered: answers can take a second on a plain laptop.
  var form = document.getElementById("ask-form");
  if (form) {
    form.addEventListener("submit", function () {
      var b = form.querySelector("button[type=submit]");
      if (b) { b.textContent = "Asking…"; b.setAttribute("aria-busy", "true"); }
    });
  }
})();
