// Put first in every page's <head> by the journeys' server (./site.ts).
// WebKitWebDriver has no log endpoint and no BiDi, so the page itself notes
// what the Chromium specs hear from the browser: console errors, uncaught
// errors and rejections, CSP violations, elements that failed to load. Kept in
// sessionStorage, so the notes outlive a reload or a link followed.
(() => {
  const KEY = '__engineProblems';
  const note = (line) => {
    try {
      const list = JSON.parse(sessionStorage.getItem(KEY) || '[]');
      list.push(line);
      sessionStorage.setItem(KEY, JSON.stringify(list));
    } catch {
      // no storage: nothing to note with
    }
  };
  const error = console.error;
  console.error = function (...args) {
    note(`console error: ${args.map(String).join(' ')}`);
    return error.apply(this, args);
  };
  addEventListener(
    'error',
    (e) => {
      const el = e.target;
      if (el instanceof Element) note(`failed to load: <${el.localName}> ${el.getAttribute('src') ?? el.getAttribute('href') ?? ''}`);
      else note(`page error: ${e.message}`);
    },
    true,
  );
  addEventListener('unhandledrejection', (e) => note(`unhandled rejection: ${e.reason?.message ?? e.reason}`));
  document.addEventListener('securitypolicyviolation', (e) => note(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
})();
