// The board's only script (served from /static/board.js; the Content-Security-Policy allows no other).
// Live updates: every element with data-sse="<url>" follows that server-sent-event stream (see ../sse.ts).
// Everything it puts on the page is set as text, never as HTML.
(function () {
  'use strict';

  function each(root, selector, fn) {
    var nodes = root.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) fn(nodes[i]);
  }

  function follow(el) {
    var url = el.getAttribute('data-sse');
    if (!url || url.charAt(0) !== '/' || url.charAt(1) === '/') return; // same origin only
    var source = new EventSource(url);
    source.addEventListener('progress', function (e) {
      var p = JSON.parse(e.data);
      each(el, 'progress[data-progress]', function (bar) {
        bar.max = Math.max(1, Number(p.total) || 0);
        bar.value = Math.min(bar.max, Number(p.done) || 0);
      });
      each(el, '[data-progress-text]', function (t) {
        t.textContent = p.label != null ? String(p.label) : String(p.done) + ' / ' + String(p.total);
      });
    });
    source.addEventListener('text', function (e) {
      var values = JSON.parse(e.data);
      Object.keys(values).forEach(function (key) {
        each(el, '[data-key]', function (t) {
          if (t.getAttribute('data-key') === key) t.textContent = String(values[key]);
        });
      });
    });
    source.addEventListener('reload', function () {
      source.close();
      window.location.reload();
    });
    source.addEventListener('end', function () {
      source.close();
      el.setAttribute('data-sse-ended', '');
    });
    source.addEventListener('failed', function () {
      source.close();
      el.setAttribute('data-sse-failed', '');
    });
  }

  // <form data-confirm="Retry 12 items?"> (or a button with data-confirm): asks before it is sent.
  function confirmForms() {
    each(document, 'form[data-confirm]', function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
    each(document, 'button[data-confirm]', function (button) {
      button.addEventListener('click', function (e) {
        if (!window.confirm(button.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
  }

  // <select data-autosubmit>: the filter form is sent when the choice changes.
  function autosubmit() {
    each(document, '[data-autosubmit]', function (input) {
      input.addEventListener('change', function () {
        if (input.form) input.form.submit();
      });
    });
  }

  function start() {
    each(document, '[data-sse]', follow);
    confirmForms();
    autosubmit();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
