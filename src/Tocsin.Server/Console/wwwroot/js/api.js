// The one way the console talks to the server. Every request carries X-Tocsin-Console: the server refuses
// cookie-authenticated writes without it (a cross-site page cannot add a custom header), and 401 means "log in again".

export const CONSOLE_HEADER = 'X-Tocsin-Console';

let unauthorized = () => {};
export function onUnauthorized(handler) { unauthorized = handler; }

/** A non-2xx answer, carrying the problem+json body (title, detail, field, errors) when there is one. */
export class ApiError extends Error {
  constructor(status, problem, path) {
    super(describe(status, problem, path));
    this.status = status;
    this.problem = problem ?? {};
    this.path = path;
  }

  /** { field: [messages] } from problem+json; empty when the error is not about a field. */
  get fieldErrors() { return this.problem.errors ?? {}; }

  /** The endpoint itself is missing (e.g. a feature not in this server yet), not just the object. */
  get isMissingEndpoint() { return this.status === 404 && !this.problem.detail; }
}

function describe(status, problem, path) {
  if (status === 404 && !problem?.detail) return `${path} is not available on this server (404)`;
  const text = problem?.detail || problem?.title || `HTTP ${status}`;
  return `${text} (${status})`;
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { [CONSOLE_HEADER]: '1', Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Network error', detail: 'the server could not be reached' }, path);
  }
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text.slice(0, 200) }; }
  }
  if (res.status === 401 && !path.startsWith('/console/login')) unauthorized();
  if (!res.ok) throw new ApiError(res.status, data, path);
  return data;
}

export const get = (path, signal) => api(path, { signal });
export const post = (path, body) => api(path, { method: 'POST', body });

/** Builds a query string, repeating keys for arrays and skipping empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null && x !== '') q.append(k, x);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
