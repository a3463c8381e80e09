// Keyboard shortcuts. Pages register a map of key → handler while they are shown; '/' (focus search) and '?' (help)
// work everywhere. Keys typed into form fields are left alone, except Escape, which leaves the field.
let pageKeys = {};

export function setPageKeys(map) { pageKeys = map ?? {}; }

const typing = (el) => el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (typing(e.target)) {
    if (e.key === 'Escape') e.target.blur();
    return;
  }
  if (e.key === '/') {
    const search = document.querySelector('[data-search]');
    if (search) { e.preventDefault(); search.focus(); search.select?.(); }
    return;
  }
  if (e.key === '?') {
    document.querySelector('.shortcuts')?.toggleAttribute('open');
    return;
  }
  const handler = pageKeys[e.key];
  if (handler) {
    e.preventDefault();
    handler(e);
  }
});
