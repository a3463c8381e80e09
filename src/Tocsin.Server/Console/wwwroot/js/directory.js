// Names for ids: users, teams, schedules and policies, fetched once per page. A list the key may not read (403) or that
// this server lacks (404) comes back empty, so pickers and labels degrade to "user 7" instead of breaking the page.
import { get } from './api.js';
import { h } from './dom.js';

const LISTS = { users: '/api/v1/users', teams: '/api/v1/teams', schedules: '/api/v1/schedules', policies: '/api/v1/escalation-policies' };

/** Resolves to { users: [...], teams: [...], ... } for the kinds asked for; each list is [] when it cannot be read. */
export async function loadDirectory(kinds, signal) {
  const entries = await Promise.all(kinds.map(async (k) => {
    try {
      const page = await get(LISTS[k], signal);
      return [k, page?.items ?? []];
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      return [k, []];
    }
  }));
  return Object.fromEntries(entries);
}

/** "Alice" for a known id, otherwise "user 7": an id the key cannot resolve is still shown, never hidden. */
export function nameOf(list, id, kind) {
  const found = list?.find((x) => x.id === id);
  return found ? found.name : `${kind} ${id}`;
}

/** A <select> whose options are "kind:id" values, grouped by kind; `groups` is [{ kind, label, items }]. */
export function targetSelect(attrs, groups, placeholder = 'Choose…') {
  return h('select', attrs,
    h('option', { value: '' }, placeholder),
    groups.filter((g) => g.items.length).map((g) => h('optgroup', { label: g.label },
      g.items.map((x) => h('option', { value: `${g.kind}:${x.id}` }, x.name)))));
}

/** Splits a "kind:id" picker value; null when nothing was chosen. */
export function parseTarget(value) {
  const m = /^(\w+):(\d+)$/.exec(value ?? '');
  return m ? { kind: m[1], id: Number(m[2]) } : null;
}
