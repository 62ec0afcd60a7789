/**
 * The web terminal emulator the host is reached through, as banks put a 3270 session in a browser:
 * a 24 × 80 screen, keyboard only, and an operator information area (OIA) under it showing
 * "X SYSTEM" while the keyboard is locked and the cursor position as RR/CCC.
 *
 * Keys: characters type over the field at the cursor (nothing outside a field); Tab / Shift+Tab move
 * to the next field / the start of this or the previous field; Home to the first field; End erases
 * to the end of the field (Erase EOF); Backspace and Delete; arrows move the cursor; Enter, F1–F12
 * (PF1–PF12) and Escape (CLEAR) send the screen. Only fields typed into are sent (the modified-data
 * tag). After sending, the keyboard is locked until the answer has been shown and the host's lock
 * time has passed: keys pressed meanwhile are lost, as on a real terminal. A fault switch
 * (`lostKeyRate`) has the host relock the keyboard for a moment now and then, losing a key.
 */
export const EMULATOR_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>MRS/390 - 3270 SESSION</title>
<style>
body { background: #000; color: #3c3; font: 16px/1.25 "DejaVu Sans Mono", monospace; margin: 16px; }
#term .row { white-space: pre; height: 1.25em; }
#term .field { color: #6cf; text-decoration: underline; }
#term .cursor { background: #3c3; color: #000; }
#oia { white-space: pre; border-top: 1px solid #3c3; margin-top: 4px; color: #fc3; }
</style></head>
<body><div id="term" aria-label="host screen"></div><div id="oia"></div>
<script src="/host/emulator.js"></script></body></html>`;

export const EMULATOR_JS = String.raw`'use strict';
(function () {
  var ROWS = 24, COLS = 80;
  var term = document.getElementById('term');
  var oia = document.getElementById('oia');
  var screen = null, fields = [], cursor = { row: 1, col: 1 }, locked = true, comm = '';
  var rowEls = [];
  for (var r = 0; r < ROWS; r++) { var d = document.createElement('div'); d.className = 'row'; term.appendChild(d); rowEls.push(d); }

  function fieldAt(row, col) {
    for (var i = 0; i < fields.length; i++) { var f = fields[i]; if (f.row === row && col >= f.col && col < f.col + f.length) return f; }
    return null;
  }
  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
  // Draws the rows given (all when none): a key redraws only the rows its cursor left and reached.
  function render(only) {
    for (var r = 1; r <= ROWS; r++) {
      if (only && only.indexOf(r) < 0) continue;
      var text = screen ? screen.rows[r - 1].split('') : new Array(COLS + 1).join(' ').split('');
      var kinds = new Array(COLS);
      fields.forEach(function (f) {
        if (f.row !== r) return;
        for (var k = 0; k < f.length; k++) { text[f.col - 1 + k] = f.hidden ? ' ' : (f.chars[k] || ' '); kinds[f.col - 1 + k] = 'field'; }
      });
      var el = rowEls[r - 1]; el.textContent = '';
      var run = '', runKind = undefined;
      for (var c = 1; c <= COLS + 1; c++) {
        var kind = c > COLS ? 'end' : (r === cursor.row && c === cursor.col ? 'cursor' : kinds[c - 1] || '');
        if (kind !== runKind && run) { var s = document.createElement('span'); if (runKind) s.className = runKind; s.textContent = run; el.appendChild(s); run = ''; }
        runKind = kind; if (c <= COLS) run += text[c - 1];
      }
    }
    oia.textContent = 'MA   ' + (comm ? 'X COMM' : locked ? 'X SYSTEM' : '        ') + new Array(55).join(' ') + pad(cursor.row, 2) + '/' + pad(cursor.col, 3);
  }
  function show(s) {
    screen = s;
    fields = s.fields.map(function (f) { var chars = f.value.split(''); while (chars.length < f.length) chars.push(''); return { row: f.row, col: f.col, length: f.length, hidden: f.hidden, chars: chars, modified: false }; });
    cursor = { row: s.cursor.row, col: s.cursor.col };
    locked = true; render();
    setTimeout(function () { locked = false; render(); }, s.lockMs || 0);
  }
  function send(aid) {
    locked = true; render();
    var typed = {};
    fields.forEach(function (f, i) { if (f.modified) typed[i] = f.chars.join('').replace(/\s+$/, ''); });
    fetch('/host/aid', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify({ aid: aid, code: screen ? screen.code : '', fields: typed }) })
      .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
      .then(show, function () { comm = 'X COMM'; render(); });
  }
  function nextField(from) {
    var order = fields.slice().sort(function (a, b) { return a.row - b.row || a.col - b.col; });
    for (var i = 0; i < order.length; i++) { var f = order[i]; if (f.row > from.row || (f.row === from.row && f.col > from.col)) return f; }
    return order[0] || null;
  }
  function prevFieldStart() {
    var here = fieldAt(cursor.row, cursor.col);
    if (here && cursor.col !== here.col) return here;
    var order = fields.slice().sort(function (a, b) { return b.row - a.row || b.col - a.col; });
    for (var i = 0; i < order.length; i++) { var f = order[i]; if (f.row < cursor.row || (f.row === cursor.row && f.col < cursor.col)) return f; }
    return order[0] || null;
  }
  function moveTo(f) { if (f) cursor = { row: f.row, col: f.col }; }
  function shiftLeft(f, at) { f.chars.splice(at, 1); f.chars.push(''); f.modified = true; }

  document.addEventListener('keydown', function (e) {
    var fromRow = cursor.row;
    var key = e.key;
    var handled = key.length === 1 || ['Tab', 'Enter', 'Escape', 'Home', 'End', 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].indexOf(key) >= 0 || /^F([1-9]|1[0-2])$/.test(key);
    if (!handled || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    if (locked || comm) return; // the keyboard is locked: the key is lost
    if (screen && screen.lostKeyRate && Math.random() < screen.lostKeyRate) {
      // A fault: the host relocks the keyboard for a moment, and this key is lost with it.
      locked = true; render([]);
      fetch('/host/lost-key', { method: 'POST', credentials: 'same-origin' }).catch(function () {});
      setTimeout(function () { locked = false; render([]); }, 30 + Math.floor(Math.random() * 50));
      return;
    }
    var f = fieldAt(cursor.row, cursor.col);
    if (key === 'Enter') return send('ENTER');
    if (key === 'Escape') return send('CLEAR');
    if (/^F([1-9]|1[0-2])$/.test(key)) return send('PF' + key.slice(1));
    if (key === 'Tab') { moveTo(e.shiftKey ? prevFieldStart() : nextField(cursor)); return render([fromRow, cursor.row]); }
    if (key === 'Home') { moveTo(nextField({ row: 0, col: 0 })); return render([fromRow, cursor.row]); }
    if (key === 'End') { if (f) { for (var k = cursor.col - f.col; k < f.length; k++) f.chars[k] = ''; f.modified = true; } return render([fromRow, cursor.row]); }
    if (key === 'Backspace') { if (f && cursor.col > f.col) { cursor.col--; shiftLeft(f, cursor.col - f.col); } return render([fromRow, cursor.row]); }
    if (key === 'Delete') { if (f) shiftLeft(f, cursor.col - f.col); return render([fromRow, cursor.row]); }
    if (key === 'ArrowLeft') cursor.col = cursor.col > 1 ? cursor.col - 1 : COLS;
    else if (key === 'ArrowRight') cursor.col = cursor.col < COLS ? cursor.col + 1 : 1;
    else if (key === 'ArrowUp') cursor.row = cursor.row > 1 ? cursor.row - 1 : ROWS;
    else if (key === 'ArrowDown') cursor.row = cursor.row < ROWS ? cursor.row + 1 : 1;
    else if (key.length === 1) {
      if (!f) return; // outside a field: nothing is typed
      f.chars[cursor.col - f.col] = key; f.modified = true;
      if (cursor.col < f.col + f.length - 1) cursor.col++;
      else { var n = nextField(cursor); if (n) moveTo(n); }
    }
    render([fromRow, cursor.row]);
  });

  fetch('/host/screen', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(show, function () { comm = 'X COMM'; render(); });
})();
`;
