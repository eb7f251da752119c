// Runs before the first paint (a classic script in <head>, not a module) so the page shows in its theme at once
// instead of flashing the other one. The stylesheet knows only data-theme="light" or "dark" on <html>; "system"
// is resolved here from the browser's preference, so the dark palette is written once.
(function applyTheme() {
  var theme = null;
  try {
    theme = localStorage.getItem('flowsight.theme');
  } catch (ignored) {
    // Storage blocked: the system's preference applies.
  }
  if (theme !== 'light' && theme !== 'dark') {
    theme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', theme);
}());
