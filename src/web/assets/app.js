// sigce web: drag and drop and upload progress on «Validar formatos». The
// page works without it (a plain form post); this only adds comfort.
"use strict";
(function () {
  var form = document.getElementById("subir");
  if (!form) return;
  var zone = document.getElementById("zona");
  var input = document.getElementById("formatos");
  var chosen = document.getElementById("elegidos");
  var bar = document.getElementById("progreso");
  var state = document.getElementById("estado");

  function showChosen() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) names.push(input.files[i].name);
    chosen.textContent = names.length ? "Elegidos: " + names.join(", ") : "";
  }
  input.addEventListener("change", showChosen);
  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      showChosen();
    }
  });
  form.addEventListener("submit", function (e) {
    if (!window.XMLHttpRequest || !window.FormData) return;
    e.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    state.textContent = "Subiendo…";
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) {
        bar.value = Math.round((ev.loaded / ev.total) * 100);
        if (ev.loaded === ev.total) state.textContent = "Validando…";
      }
    });
    xhr.addEventListener("load", function () {
      // The server answers with the result page (after its redirect) or an
      // error page: show whichever it is.
      if (xhr.responseURL && xhr.status === 200) {
        window.location.assign(xhr.responseURL);
      } else {
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var shown = doc.querySelector("main");
        if (shown) {
          document.title = doc.title;
          document.querySelector("main").replaceWith(shown);
          shown.focus();
        } else {
          state.textContent = "El servidor respondió con un error (" + xhr.status + ").";
        }
      }
    });
    xhr.addEventListener("error", function () {
      state.textContent = "No se pudo subir: revise que sigce web siga abierto y vuelva a intentarlo.";
    });
    xhr.send(new FormData(form));
  });
})();
