// A few helpers to build the pages from plain elements.

/** An element: h('td', {class: 'x', onclick: f}, 'text', child, …); null and false children are skipped. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function toast(text, kind = 'info', testid) {
  const box = h('div', { class: `toast ${kind}`, role: 'status', 'data-testid': testid }, text);
  document.getElementById('toasts').append(box);
  setTimeout(() => box.remove(), 8000);
  return box;
}

export const money = (value) => (value === null || value === undefined ? '' : `¥${Number(value).toFixed(2)}`);
export const percent = (value) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);

/** Downloads rows as a CSV file (RFC 4180 quoting, UTF-8 with a BOM so that spreadsheet programs read the Chinese). */
export function downloadCsv(name, header, rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const text = [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n');
  const link = h('a', { href: URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv' })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}
