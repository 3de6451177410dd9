// The console's only script (served from the package; no inline script: the CSP forbids it).
// It paints the worn role's colour, counts down the role's time left, and asks before deleting.
"use strict";
(function () {
  function paint(element) {
    var color = element.getAttribute("data-color");
    if (color && /^[0-9A-Fa-f]{6}$/.test(color)) { element.style.backgroundColor = "#" + color; }
  }
  document.querySelectorAll("[data-color]").forEach(paint);
  var hat = document.getElementById("hat");
  var left = document.getElementById("hat-left");
  if (hat && left) {
    var expires = Date.parse(hat.getAttribute("data-expires"));
    var tick = function () {
      var seconds = Math.max(0, Math.floor((expires - Date.now()) / 1000));
      var minutes = Math.floor(seconds / 60);
      left.textContent = minutes + "m " + String(seconds % 60).padStart(2, "0") + "s left";
    };
    tick();
    setInterval(tick, 1000);
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
// The sign-in form: the root signs in without a user name.
(function () {
  var root = document.getElementById("as-root");
  if (!root) { return; }
  var fields = document.querySelectorAll(".iam-only");
  var sync = function () {
    fields.forEach(function (field) { field.hidden = root.checked; });
  };
  document.querySelectorAll("input[name=sign_in_as]").forEach(function (radio) {
    radio.addEventListener("change", sync);
  });
  sync();
})();
