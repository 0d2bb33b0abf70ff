// 总览: per monitor the counts of about to time out and overdue, kept current by the live stream, and the warnings
// that arrived while the page is open, with a mute switch per monitor.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';
import { showTime } from '../time.js';
import { monitors, monitorOf } from '../monitors.js';
import { session, muted, setMuted } from '../app.js';

const recent = [];

export async function overview(view) {
  const cards = h('div', { class: 'cards' });
  const messages = h('ul', { class: 'messages', 'data-testid': 'messages' });

  async function refresh() {
    const page = await api('/v1/monitor/items?limit=1');
    cards.replaceChildren(...page.counts.map((c) => h('a', {
      class: 'card', href: `#/monitor/${c.monitor}`, 'data-testid': `card-${c.monitor}`,
    },
    h('h2', {}, t('monitor.' + c.monitor)),
    h('div', { class: 'numbers' },
      h('span', { class: 'soon' }, h('b', { 'data-testid': `soon-${c.monitor}` }, c.aboutToTimeOut), t('aboutToTimeOut')),
      h('span', { class: 'overdue' }, h('b', { 'data-testid': `overdue-${c.monitor}` }, c.overdue), t('overdue'))))));
  }

  function drawMessages() {
    const off = muted();
    messages.replaceChildren(...recent.slice(0, 50).map((f) => h('li', { class: off.has(monitorOf(f.rule)) ? 'muted' : '' },
      h('span', { class: 'tag' }, t('monitor.' + monitorOf(f.rule))), ' ',
      h('a', { href: `#/order/${encodeURIComponent(f.order ?? '')}` }, f.order ?? ''), ' ', f.rule, ' · ',
      t('deadline'), ' ', showTime(f.deadline, f.platform))));
  }

  const switches = h('div', { class: 'mutes' });
  function drawSwitches() {
    const off = muted();
    switches.replaceChildren(...monitors.map((m) => h('label', {},
      h('input', { type: 'checkbox', checked: off.has(m), 'data-testid': `mute-${m}`, onchange: (e) => { setMuted(m, e.target.checked); drawMessages(); } }),
      ` ${t('mute')} ${t('monitor.' + m)}`)));
  }

  view.replaceChildren(
    h('h1', {}, t('overview')), cards,
    h('section', {}, h('h2', {}, t('warningsTitle')), switches, messages));
  drawSwitches();
  drawMessages();
  await refresh();

  let timer = null;
  const listener = (finding) => {
    if (finding.kind === 'warning') {
      recent.unshift(finding);
      recent.length = Math.min(recent.length, 200);
      drawMessages();
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  };
  session.listeners.add(listener);
  return () => { session.listeners.delete(listener); clearTimeout(timer); };
}
