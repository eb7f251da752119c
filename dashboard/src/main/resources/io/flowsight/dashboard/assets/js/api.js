// The documented HTTP API, with the bearer token when one is stored. The token lives in sessionStorage: it is
// gone when the tab closes and never leaves this origin; the pages themselves hold no data and need none.

const TOKEN_KEY = 'flowsight.apiToken';
const LONGEST_MESSAGE = 600;

/** A failed call: `status` is the HTTP status (0 when FlowSight did not answer), `message` the server's sentence. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

// Where sessionStorage refuses to store (some private modes), the token lasts as long as the page.
let memoryToken = null;
let tokenRequest = null;

/**
 * Shows the token form and resolves once a token is entered. Every request that met a 401 meanwhile waits for the
 * same answer, so one form serves them all.
 */
function askForToken(refused, serverMessage) {
  if (tokenRequest) {
    return tokenRequest;
  }
  const form = document.getElementById('token-form');
  const input = form.elements.namedItem('token');
  const refusal = form.querySelector('[data-role="token-refused"]');
  refusal.textContent = refused ? `The token was refused: ${serverMessage}` : '';
  refusal.hidden = !refused;
  if (refused) {
    refusal.dataset.test = 'error';
  } else {
    delete refusal.dataset.test;
  }
  form.hidden = false;
  input.value = '';
  input.focus();
  tokenRequest = new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = input.value.trim();
      try {
        sessionStorage.setItem(TOKEN_KEY, token);
      } catch {
        memoryToken = token;
      }
      form.hidden = true;
      tokenRequest = null;
      resolve();
    }, { once: true });
  });
  return tokenRequest;
}

function currentToken() {
  return storedToken() ?? memoryToken;
}

async function errorSentence(response) {
  let text = '';
  try {
    text = await response.text();
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.error === 'string') {
      return parsed.error.slice(0, LONGEST_MESSAGE);
    }
  } catch {
    // Not JSON: a proxy's page or an empty body; the status says enough.
  }
  const reason = response.statusText ? ` ${response.statusText}` : '';
  return `FlowSight answered HTTP ${response.status}${reason}.`;
}

function wait(millis) {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

const BUSY_RETRIES = 5;

async function request(path, init = {}) {
  let busyRetries = 0;
  for (;;) {
    const token = currentToken();
    const headers = new Headers(init.headers ?? {});
    headers.set('Accept', 'application/json, text/plain');
    if (token) {
      headers.set('Authorization', `Bearer ${token}`);
    }
    let response;
    try {
      response = await fetch(path, { ...init, headers, cache: 'no-store', credentials: 'same-origin' });
    } catch (failure) {
      throw new ApiError(0, `FlowSight did not answer (${failure.message}). Is it still running?`);
    }
    if (response.status === 401) {
      const message = await errorSentence(response);
      // A 401 for an older token than the one now stored just means the user answered the form meanwhile.
      if (currentToken() === token) {
        await askForToken(token !== null, message);
      }
      continue;
    }
    if (response.status === 429 && busyRetries < BUSY_RETRIES) {
      busyRetries += 1;
      const seconds = Number(response.headers.get('Retry-After'));
      await wait((Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000);
      continue;
    }
    if (!response.ok) {
      throw new ApiError(response.status, await errorSentence(response));
    }
    return response;
  }
}

export async function getJson(path) {
  const response = await request(path);
  return response.json();
}

export async function getText(path) {
  const response = await request(path);
  return response.text();
}

export async function postJson(path, body) {
  const response = await request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// The server runs few lake queries at once and answers 429 beyond that; one at a time from each page keeps its
// own queries from competing and leaves room for other readers.
let lakeQueue = Promise.resolve();

function onLakeQueue(task) {
  const run = lakeQueue.then(task, task);
  lakeQueue = run.catch(() => undefined);
  return run;
}

/** One read-only SQL statement over the lake: `{columns, types, rows}`, each row an object keyed by column. */
export function runSql(sql) {
  return onLakeQueue(async () => {
    const response = await request('/api/query', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: sql,
    });
    return response.json();
  });
}

/** The sentence to show for a failure of any kind. */
export function messageOf(failure) {
  if (failure instanceof ApiError) {
    return failure.message;
  }
  return `The page failed: ${failure?.message ?? failure}`;
}
