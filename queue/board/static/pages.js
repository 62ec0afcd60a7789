// The operators' and handlers' pages' script (served from /static/pages.js, next to the layout's board.js).
// - [data-sse-runs="<url>"]: follows a stream of `runs` events { runs: { <runId>: { done, total, label } } } and
//   moves the bar and the text of each row [data-run="<runId>"] inside it. Text is set as text, never as HTML.
// - [data-reload-on-end]: reloads the page once its live stream has ended (board.js marks it data-sse-ended),
//   so a finished run shows its report link and its items' outcomes.
// The pages work without it: the bars then show the values of when the page was loaded.
(function () {
  'use strict';

  function each(root, selector, fn) {
    var nodes = root.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) fn(nodes[i]);
  }

  function followRuns(el) {
    var url = el.getAttribute('data-sse-runs');
    if (!url || url.charAt(0) !== '/' || url.charAt(1) === '/') return; // same origin only
    var source = new EventSource(url);
    source.addEventListener('runs', function (e) {
      var runs = JSON.parse(e.data).runs || {};
      each(el, '[data-run]', function (row) {
        var p = runs[row.getAttribute('data-run')];
        if (!p) return;
        each(row, 'progress[data-run-progress]', function (bar) {
          bar.max = Math.max(1, Number(p.total) || 0);
          bar.value = Math.min(bar.max, Number(p.done) || 0);
        });
        each(row, '[data-run-label]', function (t) {
          t.textContent = String(p.label);
        });
      });
    });
    source.addEventListener('end', function () {
      source.close();
      el.setAttribute('data-sse-ended', '');
    });
    source.addEventListener('failed', function () {
      source.close();
    });
  }

  function reloadOnEnd(el) {
    if (!el.hasAttribute('data-sse')) return;
    var observer = new MutationObserver(function () {
      if (el.hasAttribute('data-sse-ended')) {
        observer.disconnect();
        window.setTimeout(function () {
          window.location.reload();
        }, 300);
      }
    });
    observer.observe(el, { attributes: true, attributeFilter: ['data-sse-ended'] });
  }

  function start() {
    each(document, '[data-sse-runs]', followRuns);
    each(document, '[data-reload-on-end]', reloadOnEnd);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
