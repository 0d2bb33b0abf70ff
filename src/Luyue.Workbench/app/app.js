// The workbench shell: the key, the language switch, the navigation, the live stream of findings and the warnings
// it raises, and the hash routes of the pages.
import { api, key, setKey, follow } from './api.js';
import { t, lang, setLang } from './i18n.js';
import { h, toast } from './dom.js';
import { setZone } from './time.js';
import { overview } from './pages/overview.js';
import { monitor } from './pages/monitor.js';
import { order } from './pages/order.js';
import { penalties } from './pages/penalties.js';
import { indicators } from './pages/indicators.js';
import { rules } from './pages/rules.js';
import { monitorOf } from './monitors.js';

const routes = [
  [/^#?\/?$/, overview],
  [/^#\/monitor\/([^/?]+)/, monitor],
  [/^#\/order\/([^/?]+)/, order],
  [/^#\/penalties/, penalties],
  [/^#\/indicators/, indicators],
  [/^#\/rules/, rules],
];

/** Shared with the pages: who the caller is, and listeners of live findings. */
export const session = { me: null, listeners: new Set(), live: false };

const mutedName = 'luyue.muted';
export const muted = () => new Set(JSON.parse(localStorage.getItem(mutedName) ?? '[]'));
export function setMuted(monitorType, on) {
  const set = muted();
  if (on) set.add(monitorType); else set.delete(monitorType);
  localStorage.setItem(mutedName, JSON.stringify([...set]));
}

let stop = null;
let disposePage = null;
let renders = 0;

async function render() {
  disposePage?.();
  disposePage = null;
  // Each render draws its page into an element of its own, taken out of the document by the next render: a page
  // still loading when another is opened (a refresh after an action, a link followed at once) draws where nobody sees
  // it when its requests return, instead of over the page opened after it.
  const mine = ++renders;
  const view = document.getElementById('view');
  const hash = location.hash.startsWith('#key=') ? '' : location.hash;
  for (const [pattern, page] of routes) {
    const match = pattern.exec(hash || '#/');
    if (match) {
      const own = h('div', { class: 'page' }, h('p', { class: 'muted' }, t('loading')));
      view.replaceChildren(own);
      try {
        const dispose = await page(own, ...match.slice(1).map(decodeURIComponent));
        if (mine === renders) disposePage = dispose; else dispose?.();
      } catch (error) {
        own.replaceChildren(h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${error.message}`));
      }
      break;
    }
  }
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', section(link.getAttribute('href')) === section(hash));
}

/** The part of a route a menu entry stands for: '#/monitor/1688?…' and '#/monitor/pickup' are both the monitors. */
function section(hash) {
  const first = (hash || '#/').replace(/^#\/?/, '').split(/[/?]/)[0];
  return first === '' ? 'overview' : first;
}

// The table headers stick below the top bar: its height, which wraps on narrow screens, kept in --top-bar.
new ResizeObserver(([entry]) => document.documentElement.style.setProperty('--top-bar', `${Math.ceil(entry.target.getBoundingClientRect().height)}px`))
  .observe(document.querySelector('header.top'));

function chrome() {
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  document.title = `${lang() === 'zh' ? '履约工作台' : 'Luyue workbench'} · Luyue`;
  document.getElementById('nav').replaceChildren(
    h('a', { href: '#/' }, t('overview')),
    h('a', { href: '#/monitor/pickup' }, t('monitors')),
    h('a', { href: '#/penalties' }, t('penalties')),
    h('a', { href: '#/indicators' }, t('indicators')),
    h('a', { href: '#/rules' }, t('rules')));
  const me = session.me;
  document.getElementById('who').replaceChildren(
    h('span', { class: session.live ? 'dot live' : 'dot', title: session.live ? t('live') : t('offline'), 'data-testid': 'live' }),
    me ? `${me.name ?? me.tenant} · ${t(me.role)} ` : '',
    me ? h('button', { type: 'button', class: 'link', onclick: signOut }, t('signOut')) : '');
  document.getElementById('lang').textContent = lang() === 'zh' ? 'English' : '中文';
}

function signOut() {
  stop?.();
  setKey(null);
  session.me = null;
  signIn();
}

function signIn(message) {
  renders++; // a page still loading when the form shows is let go when it is done (its dispose called, not kept)
  chrome();
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'off', placeholder: 'ly_…', 'aria-label': t('keyPrompt') });
  document.getElementById('view').replaceChildren(h('form', {
    class: 'signin', onsubmit: (e) => { e.preventDefault(); setKey(input.value.trim()); start(); },
  }, h('h1', {}, t('keyPrompt')), message ? h('p', { class: 'error' }, message) : null, input, h('button', { type: 'submit' }, t('signIn'))));
}

/** Each platform's zone, from its pack in force: times are shown as the platform counts them. */
async function loadZones() {
  const packs = (await api('/v1/rulepacks/rules')).items.filter((r) => r.inForce);
  const versions = new Map(packs.map((r) => [r.platform, r.version]));
  await Promise.all([...versions].map(async ([platform, version]) => {
    const pack = await api(`/v1/rulepacks/${encodeURIComponent(platform)}/${encodeURIComponent(version)}`);
    if (pack.timeZone) setZone(platform, pack.timeZone);
  }));
}

function onFinding(finding) {
  if (finding.kind === 'warning' && !muted().has(monitorOf(finding.rule))) {
    toast(`${t('newWarning')} · ${t('monitor.' + monitorOf(finding.rule))} · ${finding.order ?? ''} ${finding.rule}`, 'warning', 'warning-toast');
  }
  for (const listener of session.listeners) listener(finding);
}

async function start() {
  if (location.hash.startsWith('#key=')) {
    setKey(decodeURIComponent(location.hash.slice(5)));
    history.replaceState(null, '', location.pathname + '#/');
  }
  if (!key()) return signIn();
  try {
    session.me = await api('/v1/me');
  } catch (error) {
    setKey(null);
    return signIn(error.status === 401 ? t('badKey') : error.message);
  }
  await loadZones().catch(() => {});
  chrome();
  stop?.();
  stop = follow(onFinding, (up) => { session.live = up; chrome(); });
  await render();
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  chrome();
  if (session.me) render(); else signIn();
});
window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#key=')) start(); else if (session.me) render();
});
start();
