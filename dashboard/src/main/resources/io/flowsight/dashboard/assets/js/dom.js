// Every value the pages show may come from a log line (user agents, URLs, ARNs, error messages, rule titles), so
// nodes are built only through these helpers: text becomes text nodes, and attributes are limited to a list that
// can carry no script or style. There is deliberately no helper that parses markup.

const SAFE_ATTRIBUTES = new Set([
  'class', 'id', 'title', 'role', 'type', 'name', 'value', 'placeholder', 'for', 'colspan', 'rowspan', 'scope',
  'min', 'max', 'step', 'rows', 'cols', 'autocomplete', 'spellcheck', 'maxlength', 'size', 'datetime', 'lang',
  'tabindex', 'selected', 'checked', 'disabled', 'hidden', 'required', 'readonly', 'open', 'list', 'inputmode',
  'pattern', 'download',
]);

function isSafeAttribute(name) {
  return SAFE_ATTRIBUTES.has(name) || /^data-[a-z0-9-]+$/.test(name) || /^aria-[a-z]+$/.test(name);
}

/** Sets one attribute, refusing any that could run script, load something or restyle the page. */
export function setAttribute(node, name, value) {
  if (!isSafeAttribute(name)) {
    throw new TypeError(`The dashboard does not set the attribute ${name}`);
  }
  if (value === null || value === undefined || value === false) {
    node.removeAttribute(name);
  } else {
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Appends children: strings and numbers as text, nodes as they are, arrays flattened, null and false skipped. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Creates an element: `h('td', {class: 'num'}, '42')`. */
export function h(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    setAttribute(node, name, value);
  }
  return append(node, ...children);
}

export function replaceContent(node, ...children) {
  node.replaceChildren();
  return append(node, ...children);
}

// Paths only, never a scheme: a same-origin path cannot become a script or data URL. Callers build the
// variable parts with encodeURIComponent.
const INTERNAL_PATH = /^\/(?!\/)[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$/;

/** A link to one of the dashboard's own pages. */
export function pageLink(path, attributes, ...children) {
  if (!INTERNAL_PATH.test(path)) {
    throw new TypeError('Links go to the dashboard\'s own pages only');
  }
  const anchor = h('a', attributes, ...children);
  anchor.setAttribute('href', path);
  return anchor;
}

/** Sets a form control's current value (the property, which the user edits, not the initial-value attribute). */
export function setValue(control, value) {
  control.value = value === null || value === undefined ? '' : String(value);
}

/** A `<select>` of `[value, label]` pairs. */
export function selectBox(attributes, options, selected) {
  const select = h('select', attributes);
  for (const [value, label] of options) {
    select.append(h('option', { value, selected: value === selected }, label));
  }
  return select;
}

/** A labelled form control, label text above the control. */
export function field(labelText, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, labelText), control,
    hint ? h('span', { class: 'field-hint' }, hint) : null);
}

/** An error sentence for the user, shown as text where the data would be. */
export function errorMessage(message) {
  return h('p', { class: 'error', 'data-test': 'error', role: 'alert' }, message);
}

export function note(...children) {
  return h('p', { class: 'note' }, ...children);
}

export function section(title, attributes, ...children) {
  const heading = h('h2', null, title);
  return h('section', { class: 'card', ...attributes }, heading, ...children);
}

/** A table with a header row; `columns` are `[label, className]` pairs so numeric columns align right. */
export function table(columns, attributes) {
  const head = h('tr', null, columns.map(([label, className]) => h('th', { scope: 'col', class: className }, label)));
  const body = h('tbody');
  const element = h('table', { class: 'data', ...attributes }, h('thead', null, head), body);
  return { element, body, wrapped: h('div', { class: 'table-wrap' }, element) };
}

export function cell(content, className, title) {
  return h('td', { class: className, title }, content);
}

/**
 * Marks a page root as having rendered its first data: the browser tests wait for the attribute, and the
 * performance mark tells how long after navigation the data showed.
 */
export function markLoaded(pageRoot) {
  if (pageRoot.dataset.loaded !== 'true') {
    performance.mark('flowsight-data-shown');
  }
  pageRoot.dataset.loaded = 'true';
}

/** Offers `blob` as a file download; the object URL is same-origin and revoked once the click has been handled. */
export function downloadBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const anchor = h('a', { download: fileName, hidden: true });
  anchor.href = url;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
