// 订单: the trace as a timeline (the stored order events as received, the scans with the milestones the engine read,
// hubs, transfers), every finding with deadline, evidence, penalty and exemption, and what can still be done: a
// filing with evidence, a reissue under a new number, or a refund, with the time before which each still exempts.
import { api, ApiError } from '../api.js';
import { t, kindName } from '../i18n.js';
import { h, money, toast } from '../dom.js';
import { showTime, showLeft, durationSeconds, isoInZone, zoneOf } from '../time.js';
import { session } from '../app.js';

const allReasons = ['trace-mismatch', 'buyer-unreachable', 'force-majeure', 'buyer-agreed-delay'];

export async function order(view, id) {
  const [page, events, rules, filings] = await Promise.all([
    api(`/v1/orders/${encodeURIComponent(id)}`),
    api(`/v1/orders/${encodeURIComponent(id)}/events`).catch((e) => (e instanceof ApiError && e.status === 404 ? { items: [] } : Promise.reject(e))),
    api('/v1/rulepacks/rules'),
    api('/v1/filings'),
  ]);
  const o = page.order ?? {};
  const platform = o.platform ?? page.findings.find((f) => f.platform)?.platform;
  const time = (iso) => showTime(iso, platform);
  const timers = [];
  const ruleOf = (f) => rules.items.find((r) => r.id === f.rule && r.version === f.packVersion)
    ?? rules.items.find((r) => r.id === f.rule && r.inForce) ?? rules.items.find((r) => r.id === f.rule);

  view.replaceChildren(
    h('h1', {}, `${t('order')} ${id}`),
    h('p', { class: 'facts' }, [t('platform'), ' ', platform ?? '', ' · ', t('shop'), ' ', o.shop ?? '', ' · ', t('amount'), ' ', money(o.amount),
      ' · ', t('paid'), ' ', time(o.paidAt), ' · ', t('zone'), ' ', zoneOf(platform)]),
    h('div', { class: 'columns' },
      h('section', {}, h('h2', {}, t('timeline')), timeline(o, events.items, time)),
      h('section', {}, h('h2', {}, t('findings')), findingsOf(page.findings, ruleOf, time),
        h('h2', {}, t('actions')), actions(id, o, platform, page.findings, ruleOf, filings.items.filter((f) => f.order === id), time, timers))));
  // A finding about this order (an exemption after a refund, a decision on its filing) shows as it arrives.
  let redraw = null;
  const listener = (finding) => {
    if (finding.order !== id) return;
    clearTimeout(redraw);
    redraw = setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 300);
  };
  session.listeners.add(listener);
  return () => { timers.forEach(clearInterval); clearTimeout(redraw); session.listeners.delete(listener); };
}

function timeline(o, events, time) {
  const entries = [];
  // The engine's reading of each scan (milestone, site, place names), keyed by number and time, to go beside the
  // stored scan it was read from; a reading left over (a scan beyond the events' read limit) shows on its own.
  const judged = new Map();
  const keyOf = (tracking, at) => `${tracking}|${Date.parse(at)}`;
  const judge = (scan, number) => {
    const key = keyOf(number.tracking, scan.at);
    judged.set(key, [...(judged.get(key) ?? []), { scan, number }]);
  };
  for (const shipment of o.shipments ?? []) {
    for (const scan of shipment.scans) judge(scan, shipment);
    for (const transfer of shipment.transfers) {
      entries.push({ at: transfer.at, kind: 'transfer', title: t('transfer'), detail: `${shipment.carrier} ${shipment.tracking} → ${transfer.carrier} ${transfer.tracking}` });
      for (const scan of transfer.scans) judge(scan, transfer);
    }
  }
  for (const { event } of events) {
    if (event.type === 'scan') {
      entries.push(scanEntry(judged.get(keyOf(event.tracking, event.at))?.shift()?.scan, event, event));
      continue;
    }
    const summary = kindName(event.type);
    entries.push({ at: event.at, kind: 'event', title: summary, detail: [event.carrier, event.tracking, event.reason, event.amount !== undefined ? money(event.amount) : null].filter(Boolean).join(' '), raw: JSON.stringify(event) });
  }
  for (const readings of judged.values()) for (const { scan, number } of readings) entries.push(scanEntry(scan, null, number));
  // Stable: entries at the same instant keep the API's order (sequence).
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return h('ol', { class: 'timeline', 'data-testid': 'timeline' }, ...entries.map((e) => h('li', { class: e.kind },
    h('time', {}, time(e.at)), ' ', h('b', {}, e.title), ' ', e.detail,
    e.text ? h('div', { class: 'scan-text', 'data-testid': 'scan-text' }, e.text) : null,
    e.raw ? h('details', {}, h('summary', {}, t('raw')), h('code', {}, e.raw)) : null)));
}

/**
 * One scan: the milestone the engine read (else the sender's own kind), the carrier's raw text, the site, and the
 * province and city by name (the engine's names for its codes, else the names the scan was sent with).
 */
function scanEntry(judgedScan, raw, number) {
  const milestone = judgedScan?.milestone ?? raw?.kind;
  const label = milestone ? t('ms.' + milestone) : t('scan');
  const handedOver = raw?.newTracking ? `→ ${raw.newCarrier ?? ''} ${raw.newTracking}`.replace('  ', ' ') : null;
  return {
    at: judgedScan?.at ?? raw.at,
    kind: handedOver || milestone === 'transfer' ? 'transfer' : /hub/.test(milestone ?? '') ? 'hub' : 'scan',
    title: label.startsWith('ms.') ? milestone : label,
    detail: [number.carrier, number.tracking, judgedScan?.site ?? raw?.site, judgedScan?.provinceName ?? raw?.province,
      judgedScan?.cityName ?? raw?.city, handedOver].filter(Boolean).join(' '),
    text: raw?.text,
    raw: raw ? JSON.stringify(raw) : null,
  };
}

function findingsOf(findings, ruleOf, time) {
  if (findings.length === 0) return h('p', { class: 'muted' }, t('noData'));
  // In a box of its own that scrolls sideways: reasons are long, and the page should not.
  return h('div', { class: 'scroll' }, h('table', { class: 'list', 'data-testid': 'findings' },
    h('thead', {}, h('tr', {}, ...['state', 'rule', 'deadline', 'evidence', 'penalty', 'exemption'].map((c) => h('th', {}, t(c))))),
    h('tbody', {}, ...findings.map((f) => h('tr', { class: f.kind, 'data-kind': f.kind },
      h('td', {}, h('span', { class: `badge ${f.kind}` }, t('kind.' + f.kind))),
      h('td', {}, f.rule, h('br'), h('small', {}, ruleOf(f)?.title ?? '')),
      h('td', {}, time(f.deadline)),
      h('td', {}, f.evidence ? `${kindName(f.evidence.kind)} ${time(f.evidence.at)} ${f.evidence.detail ?? ''}` : ''),
      h('td', { class: 'num' }, f.kind === 'penalty' || f.kind === 'revoked' ? money(f.amount) : ''),
      h('td', { class: 'wrap' }, f.kind === 'exempted' || f.kind === 'retracted' || f.kind === 'revoked' ? (f.reason ?? '') : ''))))));
}

/** The standing violations of the order, with their penalty time: the deadline plus the pack's penalty delay. */
function standing(findings, ruleOf) {
  const key = (f) => `${f.rule}|${f.deadline}`;
  const closed = new Set(findings.filter((f) => f.kind === 'exempted' || f.kind === 'retracted').map(key));
  const charged = new Set(findings.filter((f) => f.kind === 'penalty').map(key));
  return findings.filter((f) => f.kind === 'violation' && !closed.has(key(f))).map((f) => {
    const penalty = ruleOf(f)?.parameters?.penalty;
    const delay = penalty ? durationSeconds(penalty.delay ?? 'PT0S') : null;
    return { finding: f, rule: ruleOf(f), penaltyAt: delay === null ? null : new Date(Date.parse(f.deadline) + delay * 1000), charged: charged.has(key(f)) };
  });
}

function actions(id, o, platform, findings, ruleOf, filings, time, timers) {
  const open = standing(findings, ruleOf);
  const reasons = [...new Set(open.flatMap((s) => s.rule?.parameters?.filing?.reasons ?? []))];
  const guidance = h('ul', { class: 'guidance', 'data-testid': 'guidance' }, ...open.map((s) => {
    if (!s.penaltyAt) return h('li', {}, `${s.finding.rule}: ${t('noPenalty')}`);
    if (s.charged || s.penaltyAt <= new Date()) return h('li', {}, `${s.finding.rule}: ${t('tooLate')}`);
    const left = h('b', { 'data-testid': 'penalty-countdown' });
    const tick = () => { left.textContent = showLeft((s.penaltyAt - Date.now()) / 1000, t('days')); };
    tick();
    timers.push(setInterval(tick, 1000));
    const filingReasons = s.rule?.parameters?.filing?.reasons ?? [];
    return h('li', {}, `${s.finding.rule} · ${t('penaltyAt')} ${time(s.penaltyAt.toISOString())} (`, left, `) — ${t('stillExempts')} `,
      // A reissue exempts only what was judged on the old number (a finding with a tracking number); a deadline
      // counted from payment stays with the order whatever number it ships under.
      [filingReasons.length ? `${t('submitFiling')} (${filingReasons.join(', ')})` : null, t('refundExempts'), s.finding.tracking ? t('reissueExempts') : null]
        .filter(Boolean).join('; '));
  }));

  const now = () => isoInZone(new Date(), zoneOf(platform));
  const after = async (message, work) => {
    try {
      await work();
      toast(message, 'ok', 'action-ok');
      setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 800);
    } catch (error) {
      toast(`${t('error')}: ${error.message}`, 'error', 'action-error');
    }
  };

  const reason = h('select', { name: 'reason', 'data-testid': 'filing-reason', 'aria-label': t('reason') },
    ...(reasons.length ? reasons : allReasons).map((r) => h('option', { value: r }, r)));
  const detail = h('input', { name: 'detail', placeholder: t('detail'), 'aria-label': t('detail'), 'data-testid': 'filing-detail' });
  const evidence = h('input', { name: 'evidence', placeholder: t('evidenceText'), 'aria-label': t('evidenceText'), 'data-testid': 'filing-evidence' });
  const filingForm = h('form', { class: 'action', 'data-testid': 'filing-form', onsubmit: (e) => { e.preventDefault(); after(t('filingSent'), () => api('/v1/filings', { method: 'POST', body: { order: id, reason: reason.value, detail: detail.value || null, evidence: evidence.value || null } })); } },
    h('h3', {}, t('submitFiling')), reason, detail, evidence, h('button', { type: 'submit', 'data-testid': 'filing-submit' }, t('submit')));

  const carrier = h('input', { name: 'carrier', value: o.shipments?.at(-1)?.carrier ?? '', placeholder: t('carrier'), 'aria-label': t('carrier') });
  const tracking = h('input', { name: 'tracking', placeholder: t('newTracking'), 'aria-label': t('newTracking'), required: true, 'data-testid': 'reissue-tracking' });
  const reissueForm = h('form', { class: 'action', onsubmit: (e) => { e.preventDefault(); after(t('recorded'), () => api('/v1/events', { method: 'POST', body: [{ id: `reissue-${id}-${tracking.value}`, type: 'order.tracking-changed', at: now(), order: id, carrier: carrier.value, tracking: tracking.value, reason: 'reissue' }] })); } },
    h('h3', {}, t('reissue')), carrier, tracking, h('button', { type: 'submit', 'data-testid': 'reissue-submit' }, t('record')));

  const amount = h('input', { name: 'amount', type: 'number', step: '0.01', min: '0', value: o.amount ?? '', 'aria-label': t('refundAmount'), 'data-testid': 'refund-amount' });
  const refundForm = h('form', { class: 'action', onsubmit: (e) => { e.preventDefault(); after(t('recorded'), () => api('/v1/events', { method: 'POST', body: [{ id: `refund-${id}-${Date.now()}`, type: 'order.refunded', at: now(), order: id, amount: Number(amount.value) }] })); } },
    h('h3', {}, t('refund')), amount, h('button', { type: 'submit', 'data-testid': 'refund-submit' }, t('record')));

  const filingList = h('ul', { class: 'filings', 'data-testid': 'order-filings' }, ...filings.map((f) => h('li', {},
    `${f.filing} · ${f.reason} · ${time(f.submittedAt)} · `, h('b', {}, f.approved === null ? t('pending') : f.approved ? t('approved') : t('rejectedState')))));
  return h('div', {}, guidance, filingList, filingForm, reissueForm, refundForm, session.me?.role === 'reviewer' ? h('p', {}, h('a', { href: '#/penalties' }, t('reviewerQueue'))) : null);
}
