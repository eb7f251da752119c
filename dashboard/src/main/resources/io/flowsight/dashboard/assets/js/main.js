import { errorMessage, h, markLoaded, replaceContent } from './dom.js';
import { initAddressSearch, initThemeToggle, markActivePage } from './nav.js';
import { renderOverview } from './pages/overview.js';
import { renderTopTalkers } from './pages/top-talkers.js';
import { renderAlerts } from './pages/alerts.js';
import { renderRejected } from './pages/rejected.js';
import { renderIp } from './pages/ip.js';
import { renderSql } from './pages/sql.js';
import { messageOf } from './api.js';

// One shell page serves every route, so each page works when opened directly (bookmarks, links in alert
// notifications); navigation between pages is ordinary links and full loads of the small, cached shell.

const FIXED_ROUTES = {
  '/': { page: 'overview', title: 'Overview', render: renderOverview },
  '/top-talkers': { page: 'top-talkers', title: 'Top talkers', render: renderTopTalkers },
  '/alerts': { page: 'alerts', title: 'Alerts', render: renderAlerts },
  '/rejected': { page: 'rejected', title: 'Rejected traffic', render: renderRejected },
  '/sql': { page: 'sql', title: 'SQL', render: renderSql },
};

function decodedSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function routeOf(pathname) {
  if (FIXED_ROUTES[pathname]) {
    return { ...FIXED_ROUTES[pathname], parameter: null };
  }
  const ip = /^\/ip\/([^/]+)$/.exec(pathname);
  if (ip) {
    const address = decodedSegment(ip[1]);
    return { page: 'ip', title: address, render: renderIp, parameter: address };
  }
  return null;
}

async function start() {
  initThemeToggle();
  initAddressSearch();
  const root = document.getElementById('page');
  const route = routeOf(window.location.pathname);
  if (!route) {
    root.dataset.page = 'not-found';
    document.title = 'Not found · FlowSight';
    replaceContent(root, h('h1', null, 'No such page'),
      errorMessage('This address is not a FlowSight page; the links above lead to every page.'));
    markLoaded(root);
    return;
  }
  root.dataset.page = route.page;
  document.title = `${route.title} · FlowSight`;
  markActivePage(route.page);
  replaceContent(root);
  try {
    await route.render(root, route.parameter);
  } catch (failure) {
    root.append(errorMessage(messageOf(failure)));
  }
  markLoaded(root);
}

start();
