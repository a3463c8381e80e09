// Edit (or create) an escalation policy: name, initial delay, repeat, and ordered rules, each with targets (users,
// schedules = whoever is on call, teams) and a timeout before the next rule. Field names match the API's error paths
// (rules[0].timeoutMinutes, rules[1].targets[0].kind), so the server's errors land next to the right control.
import { api, get } from '../api.js';
import { clear, h, toast } from '../dom.js';
import { loadDirectory, parseTarget } from '../directory.js';
import { submitForm } from '../forms.js';

export default {
  title: 'Escalation policy',
  nav: 'policies',
  async render(main, ctx) {
    const isNew = ctx.params[0] === 'new';
    const id = isNew ? 0 : Number(ctx.params[0]);
    let policy = { name: '', repeat: 0, initialDelayMinutes: 0, rules: [{ timeoutMinutes: 30, targets: [] }] };
    if (!isNew) {
      try {
        policy = await get(`/api/v1/escalation-policies/${id}`, ctx.signal);
      } catch (e) {
        if (e.status === 404 && !e.isMissingEndpoint) {
          clear(main, h('section', { class: 'empty' }, h('h1', {}, 'Policy not found'), h('p', {}, h('a', { href: '#/policies' }, 'Back to policies'))));
          return;
        }
        throw e;
      }
    }
    const dir = await loadDirectory(['users', 'schedules', 'teams'], ctx.signal);
    const groups = [
      { kind: 'user', label: 'People', items: dir.users },
      { kind: 'schedule', label: 'On call in schedule', items: dir.schedules },
      { kind: 'team', label: 'Teams (everyone)', items: dir.teams },
    ];

    const rulesBox = h('div', { class: 'rules', id: 'policy-rules' });
    const form = h('form', { id: 'policy-form', class: 'stack', novalidate: true },
      h('label', { for: 'policy-name' }, 'Name'),
      h('input', { id: 'policy-name', name: 'name', value: policy.name, required: true }),
      h('div', { class: 'form-row' },
        h('div', {}, h('label', { for: 'policy-delay' }, 'Initial delay (minutes)'),
          h('input', { id: 'policy-delay', name: 'initialDelayMinutes', type: 'number', min: 0, value: policy.initialDelayMinutes })),
        h('div', {}, h('label', { for: 'policy-repeat' }, 'Repeat the rules (times)'),
          h('input', { id: 'policy-repeat', name: 'repeat', type: 'number', min: 0, max: 100, value: policy.repeat }))),
      h('h2', {}, 'Rules'),
      h('p', { class: 'hint' }, 'Rules run in order: page the targets, wait the timeout for an acknowledgement, then go to the next rule.'),
      rulesBox,
      h('div', { class: 'row' }, h('button', { type: 'button', id: 'add-rule', onclick: () => { addRule({ timeoutMinutes: 30, targets: [] }); renumber(); } }, 'Add rule')),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, isNew ? 'Create policy' : 'Save policy'), ' ',
        isNew ? '' : h('button', { type: 'button', id: 'delete-policy', onclick: remove }, 'Delete')));

    function addRule(rule) {
      const targets = h('select', { multiple: true, class: 'targets', 'aria-label': 'Targets' },
        groups.filter((g) => g.items.length).map((g) => h('optgroup', { label: g.label }, g.items.map((x) => h('option', {
          value: `${g.kind}:${x.id}`, selected: (rule.targets ?? []).some((t) => t.kind === g.kind && t.id === x.id),
        }, x.name)))));
      const card = h('fieldset', { class: 'rule-card' },
        h('legend', { class: 'rule-title' }),
        h('div', { class: 'row' },
          h('label', {}, 'Targets ', targets),
          h('label', {}, 'Timeout (minutes) ', h('input', { type: 'number', class: 'timeout', min: 1, value: rule.timeoutMinutes }))),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'link', onclick: () => move(card, -1) }, 'Move up'),
          h('button', { type: 'button', class: 'link', onclick: () => move(card, 1) }, 'Move down'),
          h('button', { type: 'button', class: 'link', onclick: () => { card.remove(); renumber(); } }, 'Remove rule')));
      rulesBox.append(card);
    }

    function move(card, d) {
      if (d < 0 && card.previousElementSibling) card.previousElementSibling.before(card);
      if (d > 0 && card.nextElementSibling) card.nextElementSibling.after(card);
      renumber();
    }

    // Names follow the position so an error about rules[1] finds the second card, wherever it was moved from.
    function renumber() {
      [...rulesBox.children].forEach((card, i) => {
        card.querySelector('.rule-title').textContent = `Rule ${i + 1}`;
        card.querySelector('.timeout').name = `rules[${i}].timeoutMinutes`;
        const targets = card.querySelector('.targets');
        targets.name = `rules[${i}].targets`;
        targets.dataset.errorPrefix = `rules[${i}].targets`;
      });
    }

    policy.rules.forEach(addRule);
    renumber();

    const number = (v) => (v === '' || v == null ? null : Number(v));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {
        name: form.elements.name.value.trim(),
        initialDelayMinutes: number(form.elements.initialDelayMinutes.value),
        repeat: number(form.elements.repeat.value),
        rules: [...rulesBox.children].map((card) => ({
          timeoutMinutes: number(card.querySelector('.timeout').value) ?? 0,
          targets: [...card.querySelector('.targets').selectedOptions].map((o) => parseTarget(o.value)).filter(Boolean),
        })),
      };
      const saved = await submitForm(form, () => api(isNew ? '/api/v1/escalation-policies' : `/api/v1/escalation-policies/${id}`, { method: isNew ? 'POST' : 'PUT', body }));
      if (!saved) return;
      toast(isNew ? 'Policy created' : 'Policy saved');
      if (isNew) ctx.navigate(`#/policies/${saved.value.id}`);
    });

    async function remove() {
      if (!confirm(`Delete the policy "${policy.name}"?`)) return;
      try {
        await api(`/api/v1/escalation-policies/${id}`, { method: 'DELETE' });
        toast('Policy deleted');
        ctx.navigate('#/policies');
      } catch (e) {
        form.querySelectorAll('.form-error').forEach((x) => x.remove());
        form.prepend(h('p', { class: 'form-error', role: 'alert' }, e.message));
      }
    }

    main.append(h('section', { class: 'policy-page' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/policies' }, '← Escalation policies')),
      h('h1', {}, isNew ? 'New escalation policy' : policy.name), form));
  },
};
