// 处罚中心: the ledger per shop with its totals, the penalties, exemptions and revocations, the filings and their
// status, and for a reviewer key the queue of filings to decide.
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { h, money, toast } from '../dom.js';
import { showTime } from '../time.js';
import { session } from '../app.js';

const latest = async (kind) => (await api(`/v1/findings${query({ kind, limit: 1000 })}`)).items.reverse();

export async function penalties(view) {
  const [ledger, penaltyList, exempted, revoked, filings] = await Promise.all([
    api('/v1/ledger?by=shop'), latest('penalty'), latest('exempted'), latest('revoked'), api('/v1/filings'),
  ]);
  const rows = ledger.items;
  const sum = (field) => rows.reduce((total, r) => total + Number(r[field] ?? 0), 0);
  // Shops with money at stake, the most charged first; those with only warnings or violations add nothing here.
  const shops = rows.filter((r) => r.penalties || r.exempted || r.revoked || r.notConfigured).sort((a, b) => b.charged - a.charged);
  const totals = h('div', { class: 'cards totals', 'data-testid': 'ledger-totals' },
    ...[['charged', sum('charged')], ['spared', sum('spared')], ['refunded', sum('refunded')], ['net', sum('net')]].map(([name, value]) =>
      h('div', { class: 'card' }, h('h2', {}, t(name)), h('b', { 'data-testid': `total-${name}` }, money(value)))));

  const ledgerTable = h('table', { class: 'list' },
    h('thead', {}, h('tr', {}, ...['shop', 'penalty', 'notConfigured', 'charged', 'exemption', 'spared', 'kind.revoked', 'refunded', 'net'].map((c) => h('th', {}, t(c))))),
    // Penalties whose rate the sources do not publish are counted apart (never priced), as the API's ledger has them.
    h('tbody', {}, ...shops.map((r) => h('tr', {}, h('td', {}, r.shop ?? ''), h('td', { class: 'num' }, r.penalties),
      h('td', { class: 'num' }, r.notConfigured ?? 0), h('td', { class: 'num' }, money(r.charged)),
      h('td', { class: 'num' }, r.exempted), h('td', { class: 'num' }, money(r.spared)), h('td', { class: 'num' }, r.revoked),
      h('td', { class: 'num' }, money(r.refunded)), h('td', { class: 'num' }, money(r.net))))));

  const findingTable = (items, testid) => items.length === 0 ? h('p', { class: 'muted' }, t('noData')) : h('table', { class: 'list', 'data-testid': testid },
    h('thead', {}, h('tr', {}, ...['order', 'rule', 'shop', 'deadline', 'amount', 'reason'].map((c) => h('th', {}, t(c))))),
    h('tbody', {}, ...items.slice(0, 200).map((f) => h('tr', {},
      h('td', {}, h('a', { href: `#/order/${encodeURIComponent(f.order ?? '')}` }, f.order ?? '')), h('td', {}, f.rule), h('td', {}, f.shop ?? ''),
      h('td', {}, showTime(f.deadline ?? f.at, f.platform)), h('td', { class: 'num' }, money(f.amount)), h('td', {}, f.reason ?? '')))));

  const status = (f) => (f.approved === null ? t('pending') : f.approved ? t('approved') : t('rejectedState'));
  const decide = (f, approved) => async () => {
    try {
      await api(`/v1/filings/${encodeURIComponent(f.filing)}/decision`, { method: 'POST', body: { approved } });
      toast(`${f.filing}: ${approved ? t('approved') : t('rejectedState')}`, 'ok', 'decision-ok');
      setTimeout(() => penalties(view), 800);
    } catch (error) {
      toast(`${t('error')}: ${error.message}`, 'error');
    }
  };
  const reviewer = session.me?.role === 'reviewer';
  const queue = filings.items.filter((f) => f.approved === null);
  const filingTable = (items, withButtons, testid) => items.length === 0 ? h('p', { class: 'muted' }, t('noData')) : h('table', { class: 'list', 'data-testid': testid },
    h('thead', {}, h('tr', {}, ...['filings', 'order', 'reason', 'detail', 'submittedAt', 'state'].map((c) => h('th', {}, t(c))), withButtons ? h('th', {}, t('actions')) : null)),
    h('tbody', {}, ...items.map((f) => h('tr', { 'data-filing': f.filing },
      h('td', {}, f.filing), h('td', {}, h('a', { href: `#/order/${encodeURIComponent(f.order)}` }, f.order)), h('td', {}, f.reason), h('td', {}, f.detail ?? ''),
      h('td', {}, showTime(f.submittedAt)), h('td', {}, status(f)),
      withButtons ? h('td', {}, h('button', { type: 'button', onclick: decide(f, true), 'data-testid': `approve-${f.filing}` }, t('approve')), ' ',
        h('button', { type: 'button', onclick: decide(f, false), 'data-testid': `reject-${f.filing}` }, t('reject'))) : null))));

  // Only a reviewer has the queue (replaceChildren would write a null as the text "null").
  view.replaceChildren(...[
    h('h1', {}, t('penalties')), totals,
    reviewer ? h('section', {}, h('h2', {}, `${t('reviewerQueue')} (${queue.length})`), filingTable(queue, true, 'review-queue')) : null,
    h('section', {}, h('h2', {}, t('ledger')), ledgerTable),
    h('section', {}, h('h2', {}, t('kind.penalty')), findingTable(penaltyList, 'penalty-list')),
    h('section', {}, h('h2', {}, t('kind.exempted')), findingTable(exempted, 'exempted-list')),
    h('section', {}, h('h2', {}, t('kind.revoked')), findingTable(revoked, 'revoked-list')),
    h('section', {}, h('h2', {}, t('filings')), filingTable(filings.items, false, 'filing-list')),
  ].filter(Boolean));
}
