// Draws every element with a `data-echarts` option (JSON built on the
// server) with ECharts, once the page has hydrated (so ECharts' nodes never
// confuse hydration), and again whenever the app renders new charts or
// changes an option. Loaded only by pages with charts, after echarts.min.js.
(function () {
  'use strict';
  // Client-side navigation may add this script again.
  if (window.__anjuCharts) return;
  window.__anjuCharts = true;
  var drawn = new WeakMap();
  var retries = 0;

  function draw(el) {
    if (!window.echarts) return;
    var option = el.getAttribute('data-echarts');
    if (drawn.get(el) === option) return;
    var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: 'svg' });
    try {
      chart.setOption(JSON.parse(option), true);
      drawn.set(el, option);
    } catch (e) {
      el.setAttribute('data-echarts-error', String(e));
    }
  }

  function drawAll() {
    // Scripts added on client-side navigation load in any order: wait for ECharts.
    if (!window.echarts) {
      if (retries++ < 100) setTimeout(drawAll, 100);
      return;
    }
    document.querySelectorAll('[data-echarts]').forEach(draw);
  }

  function hydrated() {
    return document.documentElement.getAttribute('data-hydrated') === 'true';
  }

  function start() {
    drawAll();
    new MutationObserver(drawAll).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-echarts'],
    });
    window.addEventListener('resize', function () {
      document.querySelectorAll('[data-echarts]').forEach(function (el) {
        var chart = window.echarts && window.echarts.getInstanceByDom(el);
        if (chart) chart.resize();
      });
    });
  }

  if (hydrated()) {
    start();
  } else {
    var waiting = new MutationObserver(function () {
      if (hydrated()) {
        waiting.disconnect();
        start();
      }
    });
    waiting.observe(document.documentElement, { attributes: true, attributeFilter: ['data-hydrated'] });
  }
})();
