// sigce web: drag and drop and upload progress on «Validar formatos», and
// the live answers of «Atender una llamada». Each page works without it (a
// plain form post); this only adds comfort.
"use strict";

// Files dropped on `zone` become the files of `input`; then `dropped()`.
function sigceDropZone(zone, input, dropped) {
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
      dropped();
    }
  });
}
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
  sigceDropZone(zone, input, showChosen);
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

// «Atender una llamada»: each answer is checked while it is typed (after a
// pause) and saved when it is given (on leaving the field or choosing an
// option); the server's reply says which questions the case now needs and
// what is still missing. Without the script the form posts every answer.
(function () {
  var form = document.getElementById("atender");
  if (!form) return;
  var base = form.getAttribute("data-base");
  var saved = document.getElementById("guardado");
  var timers = {};
  var asked = {};

  // How many answers are on their way (the form's data-enviando).
  var sending = 0;
  function flight(change) {
    sending += change;
    form.setAttribute("data-enviando", String(sending));
  }

  function send(path, name, value) {
    var body = new URLSearchParams();
    body.append("campo", name);
    body.append("valor", value);
    flight(1);
    return fetch(base + path, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .finally(function () { flight(-1); });
  }

  function message(name, reply) {
    var input = document.getElementById("f-" + name);
    var msg = document.getElementById("m-" + name);
    if (!input || !msg) return;
    if (reply.ok) {
      input.removeAttribute("aria-invalid");
      msg.classList.remove("error");
      msg.textContent = "";
    } else {
      input.setAttribute("aria-invalid", "true");
      msg.classList.add("error");
      msg.textContent = reply.message;
    }
  }

  function list(id, items, render) {
    var ul = document.getElementById(id);
    if (!ul) return;
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    items.forEach(function (item) {
      var li = document.createElement("li");
      render(li, item);
      ul.appendChild(li);
    });
  }

  function state(reply, answered) {
    if (!reply.shown) return;
    var blocks = document.querySelectorAll("[data-campo]");
    for (var i = 0; i < blocks.length; i++) {
      var name = blocks[i].getAttribute("data-campo");
      blocks[i].hidden = reply.shown.indexOf(name) < 0;
      var label = blocks[i].querySelector(".label-text");
      if (label && reply.labels[name]) label.textContent = reply.labels[name];
      var hint = document.getElementById("a-" + name);
      if (hint && reply.hints[name] !== undefined) hint.textContent = reply.hints[name];
      var req = blocks[i].querySelector(".req");
      if (req) req.hidden = reply.mandatory.indexOf(name) < 0;
    }
    // A new type: its questions in its order, after the type (the focus
    // is on the type, so the blocks moved hold none).
    var type = document.getElementById("w-tipo");
    if (type && answered === "tipo") {
      reply.shown.slice(reply.shown.indexOf("tipo") + 1).forEach(function (name) {
        var block = document.getElementById("w-" + name);
        if (block && block.parentNode === type.parentNode) type.parentNode.appendChild(block);
      });
    }
    list("pendientes", reply.missing, function (li, item) {
      if (item.field && document.getElementById("f-" + item.field)) {
        var a = document.createElement("a");
        a.href = "#f-" + item.field;
        a.textContent = item.text;
        li.appendChild(a);
      } else {
        li.textContent = item.text;
      }
    });
    remember(reply.missing);
    list("avisos", reply.warnings, function (li, text) { li.textContent = text; });
    document.getElementById("completo").hidden = reply.missing.length > 0;
    var escalate = document.getElementById("escalar");
    escalate.hidden = !reply.destination;
    document.getElementById("destino").textContent = reply.destination || "";
  }

  function check(input) {
    var name = input.name;
    var value = input.value;
    send("/comprobar", name, value).then(function (reply) {
      // Only the answer still in the field counts.
      if (input.value === value) message(name, reply);
    });
  }

  function answer(input) {
    var name = input.name;
    clearTimeout(timers[name]);
    var value = input.value;
    if (asked[name] === value) return;
    asked[name] = value;
    send("/responder", name, value).then(function (reply) {
      if (input.value !== value) return;
      message(name, reply);
      if (reply.ok) {
        // The value as kept (digits without dots, an address in lowercase).
        if (input.tagName !== "SELECT" && reply.value !== value) {
          input.value = reply.value;
          asked[name] = reply.value;
        }
        var now = new Date();
        saved.textContent = reply.saved + " (" + now.toLocaleTimeString("es-CO") + ")";
      } else {
        delete asked[name];
      }
      state(reply, name);
    }).catch(function () {
      delete asked[name];
      saved.textContent = "No se pudo guardar: revise que sigce web siga abierto y vuelva a escribir la respuesta.";
    });
  }

  // Questions that may stay empty and are not answered yet: leaving one
  // empty answers it (as Enter on an empty answer does in the terminal).
  var optional = {};
  function remember(missing) {
    optional = {};
    missing.forEach(function (m) { if (m.field && m.optional) optional[m.field] = true; });
  }
  var listed = document.querySelectorAll("#pendientes li[data-opcional]");
  for (var k = 0; k < listed.length; k++) optional[listed[k].getAttribute("data-pendiente")] = true;

  var inputs = form.querySelectorAll("input, select, textarea");
  for (var i = 0; i < inputs.length; i++) {
    var input = inputs[i];
    asked[input.name] = input.value;
    if (input.tagName === "SELECT") {
      input.addEventListener("change", function (e) { answer(e.target); });
    } else {
      input.addEventListener("input", function (e) {
        var target = e.target;
        clearTimeout(timers[target.name]);
        timers[target.name] = setTimeout(function () { check(target); }, 350);
      });
      input.addEventListener("change", function (e) { answer(e.target); });
      input.addEventListener("blur", function (e) {
        var target = e.target;
        if (optional[target.name] && target.value === "") {
          delete asked[target.name];
          answer(target);
        }
      });
    }
  }
  form.addEventListener("submit", function (e) {
    // Enter in a field gives that answer; it does not post the whole form.
    e.preventDefault();
    if (document.activeElement && document.activeElement.name) answer(document.activeElement);
  });

  // Attachments: dropped or chosen files are sent at once.
  var zones = document.querySelectorAll("form.attach");
  for (var j = 0; j < zones.length; j++) {
    (function (zone) {
      var file = zone.querySelector("input[type=file]");
      var button = zone.querySelector("button");
      if (button) button.hidden = true;
      function go() { if (file.files.length) zone.submit(); }
      file.addEventListener("change", go);
      sigceDropZone(zone, file, go);
    })(zones[j]);
  }
})();

// «Corregir en la página»: Enter (or F2) on a marked cell goes to its box;
// the correction is sent without leaving the page, and a refusal (the cell
// changed meanwhile, a value that cannot go in a cell) is said beside the
// box. Without this script the same forms post and come back.
(function () {
  var cells = document.querySelectorAll("td[data-celda]");
  var notice = document.getElementById("aviso");
  if (notice && window.location.hash === "#aviso") notice.focus();
  if (!cells.length) return;
  cells.forEach(function (cell) {
    cell.addEventListener("keydown", function (e) {
      var box = cell.querySelector("input[name=valor]");
      if (!box) return;
      if (e.target === cell && (e.key === "Enter" || e.key === "F2")) {
        e.preventDefault();
        box.focus();
        box.select();
      } else if (e.target === box && e.key === "Escape") {
        box.value = box.defaultValue;
        cell.focus();
      }
    });
  });
  if (!window.fetch || !window.URLSearchParams) return;
  document.querySelectorAll("form.corregir").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var state = form.querySelector(".estado");
      var button = form.querySelector("button");
      state.textContent = "Validando de nuevo…";
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin"
      }).then(function (reply) {
        if (reply.ok) {
          // The grid page of the corrected row, with what changed.
          window.location.assign(reply.url + "#aviso");
          return;
        }
        return reply.text().then(function (text) {
          var page = new DOMParser().parseFromString(text, "text/html");
          var why = page.querySelector(".notice.error p");
          state.textContent = why ? why.textContent : "No se pudo corregir (error " + reply.status + ").";
          button.disabled = false;
          form.querySelector("input[name=valor]").focus();
        });
      }).catch(function () {
        state.textContent = "No se pudo enviar: revise que sigce web siga abierto y vuelva a intentarlo.";
        button.disabled = false;
      });
    });
  });
})();
