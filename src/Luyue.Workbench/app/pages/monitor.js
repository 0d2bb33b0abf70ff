// A monitor's list: server-side filters, sort by time left and pages (so 10,000 open findings cost one page at a
// time), a live countdown per row, and a CSV export of every matching row.
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { h, money, downloadCsv } from '../dom.js';
import { showTime, showLeft } from '../time.js';
import { monitors, monitorOf } from '../monitors.js';
import { session } from '../app.js';

const pageSize = 100;

export async function monitor(view, type) {
  const filters = Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? ''));
  const state = { sort: filters.sort ?? 'timeLeft', next: null, fetchedAt: 0 };
  const field = (name) => h('input', { name, value: filters[name] ?? '', placeholder: t(name), 'aria-label': t(name), 'data-testid': `filter-${name}` });
  const inputs = ['shop', 'platform', 'carrier', 'outlet'].map(field);
  const stateSelect = h('select', { name: 'state', 'aria-label': t('state'), 'data-testid': 'filter-state' },
    h('option', { value: '' }, t('all')),
    h('option', { value: 'soon', selected: filters.state === 'soon' }, t('aboutToTimeOut')),
    h('option', { value: 'overdue', selected: filters.state === 'overdue' }, t('overdue')));
  const sortSelect = h('select', { name: 'sort', 'aria-label': t('timeLeft'), 'data-testid': 'sort' },
    h('option', { value: 'timeLeft' }, t('sortLeast')),
    h('option', { value: '-timeLeft', selected: state.sort === '-timeLeft' }, t('sortMost')));
  const total = h('span', { class: 'total', 'data-testid': 'total' });
  const body = h('tbody');
  const more = h('button', { type: 'button', onclick: () => load(false), 'data-testid': 'more' }, t('loadMore'));

  const params = () => ({
    monitor: type, state: stateSelect.value, sort: sortSelect.value,
    ...Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()])),
  });

  function row(item) {
    const left = h('td', { class: 'left', 'data-testid': 'countdown' });
    const tr = h('tr', { class: item.state },
      h('td', {}, h('a', { href: `#/order/${encodeURIComponent(item.order ?? '')}` }, item.order ?? '')),
      h('td', {}, h('span', { class: `badge ${item.state}` }, item.state === 'soon' ? t('aboutToTimeOut') : t('overdue'))),
      h('td', {}, item.rule), h('td', {}, item.shop ?? ''), h('td', {}, item.platform ?? ''), h('td', {}, item.carrier ?? ''),
      h('td', {}, item.tracking ?? ''), h('td', {}, item.outlet ?? ''), h('td', {}, showTime(item.deadline, item.platform)), left,
      h('td', { class: 'num' }, money(item.amount)));
    tr.tick = (elapsed) => {
      if (item.secondsLeft !== null) left.textContent = showLeft(item.secondsLeft - elapsed, t('days'));
    };
    return tr;
  }

  async function load(reset) {
    const values = params();
    const page = await api(`/v1/monitor/items${query({ ...values, limit: pageSize, cursor: reset ? null : state.next })}`);
    // The address holds the filters once their rows are shown, so that a reload or a shared link shows the same list.
    if (reset) history.replaceState(null, '', `#/monitor/${type}${query({ ...values, monitor: undefined })}`);
    state.fetchedAt = Date.now();
    state.next = page.next;
    const rows = page.items.map(row);
    if (reset) body.replaceChildren(...rows); else body.append(...rows);
    total.textContent = `${page.total} ${t('rows')}`;
    more.hidden = !page.next;
    tickAll();
  }

  // One timer for every countdown; rows added later start from the time of their page.
  function tickAll() {
    const elapsed = Math.floor((Date.now() - state.fetchedAt) / 1000);
    for (const tr of body.children) tr.tick?.(elapsed);
  }

  async function exportCsv() {
    const values = params();
    const all = [];
    let cursor = null;
    do {
      const page = await api(`/v1/monitor/items${query({ ...values, limit: 500, cursor })}`);
      all.push(...page.items);
      cursor = page.next;
    } while (cursor);
    downloadCsv(`luyue-${type}.csv`, ['monitor', 'state', 'rule', 'order', 'shop', 'platform', 'carrier', 'tracking', 'outlet', 'deadline', 'secondsLeft', 'amount'],
      all.map((i) => [i.monitor, i.state, i.rule, i.order, i.shop, i.platform, i.carrier, i.tracking, i.outlet, i.deadline, i.secondsLeft, i.amount]));
  }

  view.replaceChildren(
    h('nav', { class: 'tabs' }, ...monitors.map((m) => h('a', { href: `#/monitor/${m}`, class: m === type ? 'active' : '' }, t('monitor.' + m)))),
    h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(true); } },
      ...inputs, stateSelect, sortSelect,
      h('button', { type: 'submit', 'data-testid': 'apply' }, t('filter')),
      h('button', { type: 'button', onclick: () => { inputs.forEach((i) => { i.value = ''; }); stateSelect.value = ''; load(true); } }, t('clear')),
      h('button', { type: 'button', onclick: exportCsv, 'data-testid': 'export' }, t('exportCsv')), total),
    h('div', { class: 'scroll' }, h('table', { class: 'list', 'data-testid': 'monitor-table' },
      h('thead', {}, h('tr', {}, ...['order', 'state', 'rule', 'shop', 'platform', 'carrier', 'tracking', 'outlet', 'deadline', 'timeLeft', 'amount'].map((c) => h('th', {}, t(c))))),
      body)),
    more);
  sortSelect.addEventListener('change', () => load(true));
  stateSelect.addEventListener('change', () => load(true));
  await load(true);

  const ticker = setInterval(tickAll, 1000);
  let timer = null;
  const listener = (finding) => {
    if (monitorOf(finding.rule) !== type) return;
    clearTimeout(timer);
    timer = setTimeout(() => { if (body.children.length <= pageSize) load(true); }, 1000);
  };
  session.listeners.add(listener);
  return () => { clearInterval(ticker); clearTimeout(timer); session.listeners.delete(listener); };
}
