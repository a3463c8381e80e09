// Alert state changes shared by the list (bulk, keyboard) and the alert page.
import { post } from './api.js';

export const STATUSES = ['triggered', 'acknowledged', 'resolved', 'dropped', 'archived'];
export const PRIORITIES = ['critical', 'high', 'medium', 'low', 'info'];

/** Which actions the state machine allows from a status, so buttons that would only earn a 409 are disabled. */
export const allowed = {
  acknowledge: (s) => s === 'triggered' || s === 'dropped',
  unacknowledge: (s) => s === 'acknowledged',
  resolve: (s) => s === 'triggered' || s === 'acknowledged' || s === 'dropped',
  archive: (s) => s === 'resolved' || s === 'dropped',
};

export const act = (id, action, note) => post(`/api/v1/alerts/${id}/${action}`, note ? { note } : undefined);

/** Runs `action` on every id, a few at a time; resolves to { done: [alert], failed: [{ id, error }] }. */
export async function actOnMany(ids, action, parallel = 6) {
  const done = [];
  const failed = [];
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try { done.push(await act(id, action)); } catch (error) { failed.push({ id, error }); }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, ids.length) }, worker));
  return { done, failed };
}
