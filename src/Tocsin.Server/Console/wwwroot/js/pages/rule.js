// The rule editor. While you type, the condition and filter are checked by POST /api/v1/rules/validate and a parse
// error is shown with its position marked in the text (position is a 0-based character offset). A server without
// the rules API answers 404: the editor then says so once and stops asking. Saving shows field errors next to fields;
// a saved rule can be previewed (POST /rules/{id}/preview: each segment's current value and state, nothing stored).
import { api, get, post } from '../api.js';
import { clear, h, toast } from '../dom.js';
import { submitForm } from '../forms.js';
import { lineChart } from '../chart.js';

const DEBOUNCE_MS = 250;

export default {
  title: 'Rule',
  nav: 'rules',
  async render(main, ctx) {
    const isNew = ctx.params[0] === 'new';
    const id = isNew ? 0 : Number(ctx.params[0]);
    let rule = { name: '', description: '', enabled: true, condition: '', filter: '', segmentBy: [], windowSeconds: 60, evaluationStepSeconds: 60, holdDurationSeconds: 0, severity: 3 };
    if (!isNew) {
      try {
        rule = await get(`/api/v1/rules/${id}`, ctx.signal);
      } catch (e) {
        if (e.name === 'AbortError') return;
        clear(main, h('section', { class: 'resource-page' }, h('h1', {}, 'Rule'),
          h('div', { class: 'notice', role: 'status' }, e.isMissingEndpoint ? 'Rules are not available on this server yet.' : e.status === 404 ? 'Rule not found.' : e.message)));
        return;
      }
    }

    const field = (name, label, input, hint) => [h('label', { for: `rule-${name}` }, label), input, hint ? h('p', { class: 'hint' }, hint) : ''];
    const condition = h('textarea', { id: 'rule-condition', name: 'condition', class: 'condition', rows: 2, spellcheck: 'false', autocomplete: 'off',
      placeholder: 'max(timeMax(cpu.used.percent)) > 95', 'aria-describedby': 'rule-condition-status' }, rule.condition ?? '');
    const filter = h('input', { id: 'rule-filter', name: 'filter', class: 'condition', spellcheck: 'false', autocomplete: 'off', value: rule.filter ?? '',
      placeholder: "env='prod'", 'aria-describedby': 'rule-filter-status' });
    const conditionStatus = h('div', { id: 'rule-condition-status', 'aria-live': 'polite' });
    const filterStatus = h('div', { id: 'rule-filter-status', 'aria-live': 'polite' });
    const number = (name, value, min = 0) => h('input', { id: `rule-${name}`, name, type: 'number', min, value: value ?? '' });
    const form = h('form', { id: 'rule-form', class: 'stack', novalidate: true },
      field('name', 'Name', h('input', { id: 'rule-name', name: 'name', value: rule.name ?? '', required: true })),
      field('description', 'Description', h('input', { id: 'rule-description', name: 'description', value: rule.description ?? '' })),
      field('condition', 'Condition', condition), conditionStatus,
      field('filter', 'Filter (optional)', filter), filterStatus,
      field('segmentBy', 'Segment by (labels, comma-separated)', h('input', { id: 'rule-segmentBy', name: 'segmentBy', value: (rule.segmentBy ?? []).join(', '), placeholder: 'host, region' })),
      h('div', { class: 'form-row' },
        h('div', {}, field('windowSeconds', 'Window (s)', number('windowSeconds', rule.windowSeconds, 1))),
        h('div', {}, field('evaluationStepSeconds', 'Every (s)', number('evaluationStepSeconds', rule.evaluationStepSeconds, 1))),
        h('div', {}, field('holdDurationSeconds', 'Hold for (s)', number('holdDurationSeconds', rule.holdDurationSeconds))),
        h('div', {}, field('severity', 'Severity (0–7)', number('severity', rule.severity)))),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'enabled', checked: rule.enabled !== false }), ' Enabled'),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, isNew ? 'Create rule' : 'Save rule')));

    // --- validate as you type -------------------------------------------------------------------------------------
    let timer;
    let seq = 0;
    let validateMissing = false;
    const schedule = () => { clearTimeout(timer); timer = setTimeout(validate, DEBOUNCE_MS); };
    condition.addEventListener('input', schedule);
    filter.addEventListener('input', schedule);
    ctx.onDispose(() => clearTimeout(timer));

    async function validate() {
      if (validateMissing) return;
      const mine = ++seq;
      const body = { condition: condition.value, filter: filter.value };
      if (!body.condition.trim()) { paint(conditionStatus, condition, null); paint(filterStatus, filter, null); return; }
      let answer;
      try {
        answer = await post('/api/v1/rules/validate', body);
      } catch (e) {
        if (mine !== seq) return;
        if (e.isMissingEndpoint) {
          validateMissing = true;
          clear(conditionStatus, h('p', { class: 'hint', id: 'validate-missing' }, 'Checking as you type is not available on this server; the condition is checked when you save.'));
        } else {
          clear(conditionStatus, h('p', { class: 'hint' }, `Could not check the condition: ${e.message}`));
        }
        return;
      }
      if (mine !== seq) return; // a later keystroke's answer wins; an older one must not overwrite it
      const errors = answer?.errors ?? [];
      paint(conditionStatus, condition, errors.filter((x) => x.field === 'condition'), body.condition);
      paint(filterStatus, filter, errors.filter((x) => x.field === 'filter'), body.filter);
    }

    function paint(box, input, errors, text) {
      if (errors === null) { clear(box); input.removeAttribute('aria-invalid'); return; }
      if (!errors.length) {
        input.setAttribute('aria-invalid', 'false');
        clear(box, text?.trim() ? h('p', { class: 'validity', dataset: { state: 'valid' } }, '✓ valid') : '');
        return;
      }
      input.setAttribute('aria-invalid', 'true');
      clear(box, errors.map((err) => {
        const at = Number.isInteger(err.position) ? Math.max(0, Math.min(err.position, text.length)) : null;
        return h('div', { class: 'parse-error' },
          h('p', { class: 'validity', dataset: { state: 'invalid' }, role: 'alert' },
            // The server's message may already name the position and what was expected; do not say it twice.
            err.message, at !== null && !/\bposition\b/.test(err.message) ? ` (at position ${at})` : '',
            err.expected && !/\bexpected\b/.test(err.message) ? `; expected ${err.expected}` : ''),
          // The text again with the offending character highlighted; past the end it marks an empty slot.
          at !== null ? h('pre', { class: 'condition-marked', 'aria-hidden': 'true' },
            text.slice(0, at), h('mark', { dataset: { position: at } }, text.slice(at, at + 1) || ' '), text.slice(at + 1)) : '');
      }));
    }

    // --- save -----------------------------------------------------------------------------------------------------
    const num = (v) => (v === '' || v == null ? null : Number(v));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const saved = await submitForm(form, (d) => api(isNew ? '/api/v1/rules' : `/api/v1/rules/${id}`, {
        method: isNew ? 'POST' : 'PUT',
        body: {
          ...(isNew ? {} : rule), // PUT replaces: keep what this form does not edit (levels, channels, …)
          name: d.name.trim(), description: d.description.trim() || null, enabled: form.elements.enabled.checked,
          condition: d.condition, filter: d.filter.trim() || null,
          segmentBy: d.segmentBy.split(',').map((s) => s.trim()).filter(Boolean),
          windowSeconds: num(d.windowSeconds), evaluationStepSeconds: num(d.evaluationStepSeconds),
          holdDurationSeconds: num(d.holdDurationSeconds), severity: num(d.severity),
        },
      }));
      if (!saved) return;
      toast(isNew ? 'Rule created' : 'Rule saved');
      if (isNew && saved.value?.id) ctx.navigate(`#/rules/${saved.value.id}`);
    });

    // --- preview (saved rules only: the endpoint evaluates a stored rule) --------------------------------------------
    const preview = h('div', { class: 'preview', id: 'rule-preview' });
    async function runPreview() {
      clear(preview, h('p', { class: 'muted' }, 'Evaluating…'));
      try {
        const p = await post(`/api/v1/rules/${id}/preview`, {});
        const segments = p?.segments ?? [];
        clear(preview, h('p', {}, p.inAlarm ? h('strong', { class: 'status-triggered' }, 'In alarm') : 'Not in alarm'),
          segments.length ? h('table', { class: 'list compact' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Segment'), h('th', {}, 'Value'), h('th', {}, 'State'))),
            h('tbody', {}, segments.map((s) => h('tr', {}, h('td', {}, s.segmentKey || '(all)'), h('td', { class: 'num' }, s.hasData ? String(s.value) : 'no data'),
              h('td', {}, `${s.status}${s.level && s.level !== 'none' ? ` (${s.level})` : ''}`)))))
            : h('p', { class: 'muted' }, 'No segments have data.'));
      } catch (e) {
        clear(preview, h('p', { class: 'form-error' }, e.isMissingEndpoint ? 'Preview is not available on this server.' : e.message));
      }
    }

    // --- metric window chart (saved rules: the samples the rule reads, per segment, from GET /rules/{id}/series) ------
    const charts = h('div', { class: 'charts', id: 'rule-charts', 'aria-live': 'polite' });
    async function loadCharts() {
      let w;
      try {
        w = await get(`/api/v1/rules/${id}/series`, ctx.signal);
      } catch (e) {
        if (e.name === 'AbortError') return;
        clear(charts, h('p', { class: 'muted' }, e.isMissingEndpoint ? 'Charts are not available on this server.' : e.message));
        return;
      }
      const segments = w?.segments ?? [];
      if (!segments.length) { clear(charts, h('p', { class: 'muted', id: 'rule-charts-empty' }, 'No samples in the window.')); return; }
      clear(charts, segments.map((seg) => h('figure', { class: 'chart-box', dataset: { segment: seg.segmentKey } },
        h('figcaption', {}, seg.segmentKey || '(all series)'),
        lineChart({ from: w.from, to: w.to, series: seg.series, thresholds: w.thresholds }, `${rule.name}: ${seg.segmentKey || 'all series'}, last ${rule.windowSeconds} s`))));
    }

    main.append(h('section', { class: 'rule-page' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/rules' }, '← Rules')),
      h('h1', {}, isNew ? 'New rule' : rule.name),
      h('div', { class: 'columns' }, h('div', { class: 'col-main' }, form),
        h('aside', { class: 'col-side' }, h('h2', {}, 'Preview'),
          isNew ? h('p', { class: 'muted' }, 'Save the rule to preview its current value per segment.')
            : [h('button', { type: 'button', id: 'run-preview', onclick: () => { runPreview(); loadCharts(); } }, 'Evaluate now'), preview,
              h('h2', {}, 'Metric window'), charts]))));
    if (condition.value.trim()) validate();
    if (!isNew) loadCharts();
  },
};
