// The HTTP API, with the user's key: the workbench has no access of its own beyond what the key grants.
const keyName = 'luyue.key';

export const key = () => localStorage.getItem(keyName);
export const setKey = (value) => (value ? localStorage.setItem(keyName, value) : localStorage.removeItem(keyName));

export class ApiError extends Error {
  constructor(status, problem) {
    const errors = problem?.errors ? Object.entries(problem.errors).map(([field, reasons]) => `${field}: ${reasons.join(', ')}`).join('; ') : '';
    super([problem?.title, problem?.detail, errors].filter(Boolean).join(' — ') || `HTTP ${status}`);
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body, type = 'application/json' } = {}) {
  const headers = { Authorization: `Bearer ${key()}` };
  if (body !== undefined) headers['Content-Type'] = type;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body });
  const text = await response.text();
  const json = text && (response.headers.get('Content-Type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, typeof json === 'object' ? json : { detail: json });
  return json;
}

/** A query string of the given values, leaving out empty ones. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Follows /v1/stream. EventSource cannot send the Authorization header, so the stream is read with fetch and parsed
 * here; on a break it reconnects with Last-Event-ID, and the server first sends what was missed.
 */
export function follow(onFinding, onState) {
  let last = null;
  let stopped = false;
  const controller = new AbortController();
  async function run() {
    while (!stopped) {
      try {
        const headers = { Authorization: `Bearer ${key()}` };
        if (last !== null) headers['Last-Event-ID'] = last;
        const response = await fetch('/v1/stream', { headers, signal: controller.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        onState(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let id = null, data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) id = line.slice(4);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (id !== null) last = id;
            if (data) onFinding(JSON.parse(data));
          }
        }
      } catch (error) {
        if (stopped) return;
      }
      onState(false);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  run();
  return () => { stopped = true; controller.abort(); };
}
