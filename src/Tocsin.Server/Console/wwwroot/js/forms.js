// Shows a server's problem+json answer on a form: each field error next to its input, anything else at the top.
import { h } from './dom.js';

export function clearErrors(form) {
  form.querySelectorAll('.field-error, .form-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => { e.removeAttribute('aria-invalid'); e.removeAttribute('aria-describedby'); });
}

export function showErrors(form, error) {
  clearErrors(form);
  let placed = false;
  for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) {
    // data-error-for lets one control own several API fields (a target picker answers for userId, policyId and scheduleId).
    // data-error-prefix catches a family of paths (rules[1].targets[0].kind lands on the rules[1].targets picker).
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`)
      ?? [...form.querySelectorAll('[data-error-for]')].find((e) => e.dataset.errorFor.split(' ').includes(field))
      ?? [...form.querySelectorAll('[data-error-prefix]')].find((e) => field.startsWith(e.dataset.errorPrefix));
    if (!input) continue;
    const id = `${form.id || 'form'}-${field}-error`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    // The native API's messages repeat the field name ("key: unknown…"); next to the field that is noise.
    const text = messages.map((m) => (m.startsWith(`${field}: `) ? m.slice(field.length + 2) : m)).join('; ');
    const existing = document.getElementById(id);
    if (existing) { existing.textContent += `; ${text}`; continue; }
    input.insertAdjacentElement('afterend', h('p', { class: 'field-error', id, role: 'alert' }, text));
    if (!placed) input.focus();
    placed = true;
  }
  if (!placed) form.prepend(h('p', { class: 'form-error', role: 'alert' }, error.message));
}

/** Runs submit(data) for the form, disabling it meanwhile and showing errors; resolves to { value } or, on error, undefined. */
export async function submitForm(form, submit) {
  clearErrors(form);
  const data = Object.fromEntries(new FormData(form));
  const fieldset = form.querySelector('fieldset') ?? form;
  fieldset.setAttribute('aria-busy', 'true');
  form.querySelectorAll('button').forEach((b) => (b.disabled = true));
  try {
    return { value: await submit(data) };
  } catch (e) {
    if (e.name === 'AbortError') return undefined;
    showErrors(form, e);
    return undefined;
  } finally {
    fieldset.removeAttribute('aria-busy');
    form.querySelectorAll('button').forEach((b) => (b.disabled = false));
  }
}
