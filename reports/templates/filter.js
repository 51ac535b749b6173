(function () {
  var boxes = document.querySelectorAll('#filter input[type=checkbox]');
  var rfc = document.getElementById('f-rfc'), role = document.getElementById('f-role');
  var label = document.getElementById('f-label'), text = document.getElementById('f-text');
  var shown = document.getElementById('shown');
  var rows = document.querySelectorAll('tr[data-v]');
  var hay = [];
  for (var k = 0; k < rows.length; k++) hay.push(rows[k].textContent.toLowerCase() + ' ' + rows[k].getAttribute('data-l').toLowerCase());
  function apply() {
    var on = {};
    for (var i = 0; i < boxes.length; i++) on[boxes[i].value] = boxes[i].checked;
    var r = rfc.value, ro = role.value, l = label.value.trim().toLowerCase(), q = text.value.trim().toLowerCase().split(/\s+/);
    var n = 0;
    for (var j = 0; j < rows.length; j++) {
      var row = rows[j], ok = on[row.getAttribute('data-v')];
      if (ok && r) ok = row.getAttribute('data-rfc') === r;
      if (ok && ro) ok = row.getAttribute('data-role') === ro;
      if (ok && l) {
        var ls = row.getAttribute('data-l').toLowerCase().split(' '), hit = false;
        for (var m = 0; m < ls.length; m++) if (ls[m].indexOf(l) === 0) hit = true;
        ok = hit;
      }
      for (var p = 0; ok && p < q.length; p++) if (q[p] && hay[j].indexOf(q[p]) < 0) ok = false;
      row.hidden = !ok;
      if (ok) n++;
    }
    var secs = document.querySelectorAll('section.folder');
    for (var s = 0; s < secs.length; s++) secs[s].hidden = !secs[s].querySelector('tr[data-v]:not([hidden])');
    shown.textContent = n + ' of ' + rows.length + ' specs';
  }
  for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener('change', apply);
  [rfc, role].forEach(function (e) { e.addEventListener('change', apply); });
  [label, text].forEach(function (e) { e.addEventListener('input', apply); });
  apply();
})();
