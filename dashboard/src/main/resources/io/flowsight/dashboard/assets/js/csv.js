// CSV as RFC 4180 writes it, for spreadsheets: a cell from the logs that starts like a formula (=, +, -, @, or a
// tab or carriage return that some spreadsheets skip before one) gets a leading apostrophe, so opening the file
// cannot run it. Numbers stay numbers.

const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(value) {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quoted(text) {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of a query result: a header line of the columns, then one line per row, CRLF line ends. */
export function toCsv(columns, rows) {
  const lines = [columns.map((column) => quoted(cellText(column))).join(',')];
  for (const row of rows) {
    lines.push(columns.map((column) => quoted(cellText(row[column]))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
