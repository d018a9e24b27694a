// A small History API router. Routes are [RegExp, view] pairs; a view is a function of the
// RegExp's named groups returning {title, node} (or a promise of it).
// The server answers every app path with the same shell, so deep links and reloads work.
const listeners = new Set();
let outlet;
let views;
let notFound;
let firstRender = true;

export function startRouter(target, routeTable, notFoundView) {
  outlet = target;
  views = routeTable;
  notFound = notFoundView;
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-link]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
  window.addEventListener('popstate', render);
  return render();
}

export function navigate(path, { replace = false } = {}) {
  if (path !== location.pathname) history[replace ? 'replaceState' : 'pushState'](null, '', path);
  return render();
}

// Let widgets that live inside views (install card, status lines) redraw after each view.
export function onViewRendered(listener) {
  listeners.add(listener);
}

function match(pathname) {
  for (const [pattern, view] of views) {
    const params = pattern.exec(pathname);
    if (params) return { view, params: params.groups || {} };
  }
  return null;
}

// Views draw asynchronously (IndexedDB): when a newer render starts before an older one is drawn
// (a tapped reminder while the first page loads), the older one is dropped, never drawn over it.
let latest = 0;

async function render() {
  const mine = ++latest;
  const found = match(location.pathname) || { view: notFound, params: {} };
  const { title, node } = await found.view(found.params);
  if (mine !== latest) return;
  document.title = `${title} · IVDD Home PT`;
  outlet.replaceChildren(node);
  for (const link of document.querySelectorAll('.tab-bar a')) {
    if (link.getAttribute('href') === location.pathname) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Move focus to the new content so screen readers announce it, but not on first load.
  if (!firstRender) outlet.focus();
  firstRender = false;
  for (const listener of listeners) listener();
}
