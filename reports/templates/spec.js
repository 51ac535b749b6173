(function () {
  // A frame's decoded detail (frames/X.js, shared by the run's pages) is
  // drawn when the frame is first opened.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // dump lays out octets (hex) as the report's Go hexDump does: offset,
  // sixteen octets in two groups of eight, then the printable ones.
  function dump(h) {
    var b = [], s = '';
    for (var i = 0; i + 1 < h.length; i += 2) b.push(parseInt(h.substr(i, 2), 16));
    for (var off = 0; off < b.length; off += 16) {
      var o = off.toString(16);
      s += (o.length < 4 ? '0000'.slice(o.length) : '') + o + '  ';
      for (var j = 0; j < 16; j++) {
        if (j === 8) s += ' ';
        s += off + j < b.length ? (b[off + j] < 16 ? '0' : '') + b[off + j].toString(16) + ' ' : '   ';
      }
      s += ' |';
      for (j = off; j < Math.min(off + 16, b.length); j++) s += b[j] >= 0x20 && b[j] < 0x7f ? String.fromCharCode(b[j]) : '.';
      s += '|\n';
    }
    return s;
  }
  function fill(d) {
    if (d.getAttribute('data-done')) return;
    d.setAttribute('data-done', '1');
    // The frame's summary, whole (its row may cut it short).
    var sum = d.querySelector('summary .sum'), facts = d.querySelector('.facts');
    if (sum && facts && facts.firstElementChild) {
      var x = sum.cloneNode(true);
      x.querySelectorAll('.st,.tag').forEach(function (e) { e.remove(); });
      facts.firstElementChild.insertAdjacentElement('afterend', el('li', 'mono', x.textContent));
    }
    var c = d.querySelector('.cols[data-k]');
    if (!c) return;
    var k = c.getAttribute('data-k'), f = (window.v6ctF || {})[k];
    if (!f) { c.appendChild(el('p', 'notok', 'decoded detail not found: frames/' + k.slice(0, 2) + '.js is missing')); return; }
    var t = el('table', 'fields');
    f.l.forEach(function (l) {
      var tr = el('tr', 'layer'), td = el('td', '', l[0] + ' ');
      td.colSpan = 2;
      td.appendChild(el('span', 'muted small', '(' + l[1] + ' octets)'));
      tr.appendChild(td);
      t.appendChild(tr);
      (l[2] || []).forEach(function (x) {
        var r = el('tr');
        r.appendChild(el('td', 'f d' + x[0], x[1]));
        r.appendChild(el('td', 'v', x[2]));
        t.appendChild(r);
      });
    });
    c.appendChild(t);
    c.appendChild(el('pre', 'hex', dump(f.x)));
  }
  document.querySelectorAll('.ladder details').forEach(function (d) {
    d.addEventListener('toggle', function () { if (d.open) fill(d); });
    var s = d.querySelector('summary');
    if (s) s.addEventListener('click', function () { fill(d); });
  });
  // A frame's summary, cut short on its row, shows whole on hover.
  document.querySelectorAll('.ladder .sum').forEach(function (s) {
    s.addEventListener('mouseenter', function () { if (!s.title) s.title = s.textContent; });
  });
  // A link to a frame (#f3) opens it and brings it into view.
  function open() {
    var e = location.hash && document.getElementById(location.hash.slice(1));
    if (e && e.tagName === 'DETAILS') { fill(e); e.open = true; e.scrollIntoView({block: 'center'}); }
  }
  window.addEventListener('hashchange', open);
  open();
})();
