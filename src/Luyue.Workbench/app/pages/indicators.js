// 指标: the 48 h pickup rate and the 24 h update rate by day, carrier and outlet against the peer benchmark, and the
// outlets causing the most violations (GET /v1/indicators, docs/indicators.md). Charts by ECharts (vendor/echarts.min.js).
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { h, percent } from '../dom.js';

let echartsLoaded = null;
function loadEcharts() {
  echartsLoaded ??= new Promise((resolve) => {
    if (window.echarts) return resolve(window.echarts);
    const script = h('script', { src: '/vendor/echarts.min.js' });
    script.onload = () => resolve(window.echarts);
    script.onerror = () => resolve(null);
    document.head.append(script);
  });
  return echartsLoaded;
}

export async function indicators(view) {
  const params = Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? ''));
  const by = ['day', 'carrier', 'outlet'].includes(params.by) ? params.by : 'day';
  const filters = { shop: params.shop, platform: params.platform, carrier: params.carrier };
  const echarts = await loadEcharts();
  let data;
  let ranking;
  try {
    [data, ranking] = await Promise.all([api(`/v1/indicators${query({ by, ...filters })}`), api('/v1/indicators/outlets/ranking?top=10')]);
  } catch (error) {
    view.replaceChildren(h('h1', {}, t('indicators')), h('p', { class: 'error', role: 'alert' }, `${t('indicatorsMissing')}: ${error.message}`));
    return undefined;
  }

  const tabs = h('nav', { class: 'tabs' }, ...[['day', 'byDay'], ['carrier', 'byCarrier'], ['outlet', 'byOutlet']].map(([value, label]) =>
    h('a', { href: `#/indicators${query({ by: value, ...filters })}`, class: value === by ? 'active' : '' }, t(label))));
  const charts = [['pickupRate48h', 'pickupRate'], ['updateRate24h', 'updateRate']].map(([field, label]) => ({ field, label, box: h('div', { class: 'chart', 'data-testid': `chart-${field}` }) }));
  const table = h('table', { class: 'list', 'data-testid': 'indicator-table' },
    h('thead', {}, h('tr', {}, ...[by, 'shipments', 'pickupRate', 'updateRate', 'violations', 'stars'].map((c) => h('th', {}, t(c))))),
    h('tbody', {}, ...data.items.map((i) => h('tr', {}, h('td', {}, i.key), h('td', { class: 'num' }, i.shipments),
      h('td', { class: 'num' }, percent(i.pickupRate48h)), h('td', { class: 'num' }, percent(i.updateRate24h)),
      h('td', { class: 'num' }, i.violations), h('td', { class: 'num' }, i.stars ?? '')))));
  const rankingTable = h('table', { class: 'list', 'data-testid': 'ranking' },
    h('thead', {}, h('tr', {}, ...['outlet', 'carrier', 'violations', 'shipments', 'pickupRate', 'stars'].map((c) => h('th', {}, t(c))))),
    h('tbody', {}, ...ranking.items.map((r) => h('tr', {}, h('td', {}, r.outlet), h('td', {}, r.carrier), h('td', { class: 'num' }, r.violations),
      h('td', { class: 'num' }, r.shipments), h('td', { class: 'num' }, percent(r.pickupRate48h)), h('td', { class: 'num' }, r.stars ?? '')))));

  view.replaceChildren(h('h1', {}, t('indicators')), tabs,
    echarts ? h('div', { class: 'charts' }, ...charts.map((c) => h('section', {}, h('h2', {}, t(c.label)), c.box))) : h('p', { class: 'error' }, t('echartsMissing')),
    table, h('h2', {}, t('ranking')), rankingTable);

  const instances = [];
  if (echarts) {
    for (const chart of charts) {
      const instance = echarts.init(chart.box, null, { renderer: 'svg' });
      const benchmark = data.benchmark?.[chart.field];
      // Hundreds of outlets as bars overlap their names: a window of 30 at a time, slid or scrolled (the table below has all).
      const zoom = data.items.length > 30 ? [{ type: 'slider', startValue: 0, endValue: 29, bottom: 8, height: 16 }, { type: 'inside' }] : [];
      instance.setOption({
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v) => percent(v) },
        legend: { data: [t(chart.label), t('benchmark')] },
        grid: { left: 20, right: 20, bottom: zoom.length > 0 ? 40 : 10, containLabel: true },
        dataZoom: zoom,
        xAxis: { type: 'category', data: data.items.map((i) => i.key), axisLabel: { rotate: by === 'day' ? 0 : 40 } },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
        series: [
          { name: t(chart.label), type: by === 'day' ? 'line' : 'bar', data: data.items.map((i) => i[chart.field]) },
          { name: t('benchmark'), type: 'line', data: data.items.map(() => benchmark ?? null), lineStyle: { type: 'dashed' }, symbol: 'none' },
        ],
      });
      instances.push(instance);
    }
  }
  const resize = () => instances.forEach((i) => i.resize());
  window.addEventListener('resize', resize);
  return () => { window.removeEventListener('resize', resize); instances.forEach((i) => i.dispose()); };
}
