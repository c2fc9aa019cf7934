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
  // A reviewer gives verdict after verdict, each a page load: keep their name for this tab.
  var reviewer = document.querySelector("#review-form input[name=reviewer]");
  if (reviewer && window.sessionStorage) {
    reviewer.value = reviewer.value || sessionStorage.getItem("councilkg-reviewer") || "";
    reviewer.form.addEventListener("submit", function (ev) {
      sessionStorage.setItem("councilkg-reviewer", reviewer.value);
      // the store is rebuilt before the page comes back: a few seconds
      if (ev.submitter) { ev.submitter.textContent = "Saving…"; ev.submitter.setAttribute("aria-busy", "true"); }
    });
  }
})();
