import { ipPagePath } from './ip-address.js';

const THEME_KEY = 'flowsight.theme';
const THEMES = ['system', 'light', 'dark'];
const THEME_LABELS = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function markActivePage(page) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === page) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function storedTheme() {
  try {
    const theme = localStorage.getItem(THEME_KEY);
    return THEMES.includes(theme) ? theme : 'system';
  } catch {
    return 'system';
  }
}

const SYSTEM_DARK = window.matchMedia('(prefers-color-scheme: dark)');

/** The stylesheet's theme for a choice: "system" follows the browser's preference. */
function resolvedTheme(theme) {
  if (theme !== 'system') {
    return theme;
  }
  return SYSTEM_DARK.matches ? 'dark' : 'light';
}

function applyTheme(theme) {
  document.documentElement.setAttribute('data-theme', resolvedTheme(theme));
  try {
    if (theme === 'system') {
      localStorage.removeItem(THEME_KEY);
    } else {
      localStorage.setItem(THEME_KEY, theme);
    }
  } catch {
    // Storage blocked: the choice holds for this page only.
  }
  document.dispatchEvent(new CustomEvent('flowsight:theme'));
}

/** The button cycles system → light → dark; charts listen for `flowsight:theme` to redraw in the new colours. */
export function initThemeToggle() {
  const button = document.getElementById('theme-toggle');
  if (!button) {
    return;
  }
  let theme = storedTheme();
  button.textContent = THEME_LABELS[theme];
  button.addEventListener('click', () => {
    theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    applyTheme(theme);
    button.textContent = THEME_LABELS[theme];
  });
  SYSTEM_DARK.addEventListener('change', () => {
    if (theme === 'system') {
      applyTheme(theme);
    }
  });
}

/** The header's address box opens the IP page; text that is not an address is refused there, not sent anywhere. */
export function initAddressSearch() {
  const form = document.getElementById('ip-search');
  if (!form) {
    return;
  }
  const input = form.elements.namedItem('address');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const path = ipPagePath(input.value.trim());
    if (path) {
      input.setCustomValidity('');
      window.location.assign(path);
    } else {
      input.setCustomValidity('Type an IPv4 or IPv6 address, e.g. 203.0.113.45');
      input.reportValidity();
    }
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
}
