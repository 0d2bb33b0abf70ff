// 规则包: every rule of every pack version, with its parameters, source article and the version in force.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';

export async function rules(view) {
  const items = (await api('/v1/rulepacks/rules')).items;
  const platforms = [...new Set(items.map((r) => r.platform))];
  view.replaceChildren(h('h1', {}, t('rules')), ...platforms.map((platform) => h('section', {},
    h('h2', {}, platform),
    h('table', { class: 'list rules', 'data-testid': `rules-${platform}` },
      h('thead', {}, h('tr', {}, ...['rule', 'title', 'version', 'effectiveFrom', 'parameters', 'source'].map((c) => h('th', {}, t(c))))),
      h('tbody', {}, ...items.filter((r) => r.platform === platform).map((r) => h('tr', { class: r.inForce ? 'in-force' : 'old' },
        h('td', {}, r.id), h('td', {}, r.title ?? '', h('br'), h('small', {}, r.description ?? '')),
        h('td', {}, r.version, r.inForce ? h('span', { class: 'badge ok', 'data-testid': 'in-force' }, t('inForce')) : null),
        h('td', {}, r.effectiveFrom), h('td', {}, parameters(r.parameters)), h('td', {}, h('small', {}, r.source ?? r.packSource)))))))));
}

/** The rule's own settings (not the words already in other columns), one per line. */
function parameters(rule) {
  const skip = new Set(['id', 'title', 'description', 'source']);
  return h('dl', { class: 'params' }, ...Object.entries(rule).filter(([name]) => !skip.has(name)).flatMap(([name, value]) =>
    [h('dt', {}, name), h('dd', {}, typeof value === 'object' ? JSON.stringify(value) : String(value))]));
}
