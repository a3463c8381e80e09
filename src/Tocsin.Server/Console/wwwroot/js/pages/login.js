// Paste an API key; the server keeps it in an HttpOnly cookie, so this page forgets it as soon as the request is sent.
import { post } from '../api.js';
import { h } from '../dom.js';
import { submitForm } from '../forms.js';

export default {
  title: 'Log in',
  nav: null,
  async render(main, ctx) {
    const input = h('input', { id: 'login-key', name: 'key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', placeholder: 'tcs_…' });
    const form = h('form', { id: 'login', class: 'card login', novalidate: true },
      h('h1', {}, h('img', { src: '/favicon.svg', alt: '', width: 28, height: 28 }), ' Tocsin'),
      h('fieldset', {},
        h('label', { for: 'login-key' }, 'API key'),
        input,
        h('p', { class: 'hint' }, 'The key is kept in an HttpOnly cookie for this browser only. The server prints the admin key when it first starts.'),
        h('button', { type: 'submit', class: 'primary' }, 'Log in')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const result = await submitForm(form, (data) => post('/console/login', { key: data.key }));
      if (!result) return;
      const session = result.value;
      input.value = '';
      ctx.loggedIn(session);
      const next = ctx.query.get('next');
      ctx.navigate(next && next.startsWith('#/') ? next : '#/alerts');
    });
    main.append(h('section', { class: 'login-wrap' }, form));
    input.focus();
  },
};
