// Addresses come from the URL and from logs. They reach SQL and links only after parsing here as a literal IPv4 or
// IPv6 address: a strict grammar (no leading zeros in IPv4, no zone index, no brackets), not a loose pattern.

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const LONGEST_IPV6 = 45;

function ipv4Bits(text) {
  return text.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

function parseIpv6(text) {
  if (text.length > LONGEST_IPV6 || !/^[0-9A-Fa-f:.]+$/.test(text)) {
    return null;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return null;
  }
  const compressed = halves.length === 2;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = compressed && halves[1] !== '' ? halves[1].split(':') : [];
  const last = compressed ? tail : head;
  let embeddedIpv4 = null;
  if (last.length > 0 && last[last.length - 1].includes('.')) {
    const dotted = last.pop();
    if (!IPV4.test(dotted)) {
      return null;
    }
    embeddedIpv4 = ipv4Bits(dotted);
  }
  if (![...head, ...tail].every((group) => HEX_GROUP.test(group))) {
    return null;
  }
  const written = head.length + tail.length + (embeddedIpv4 === null ? 0 : 2);
  if (compressed ? written > 7 : written !== 8) {
    return null;
  }
  let bits = 0n;
  for (const group of head) {
    bits = (bits << 16n) | BigInt(parseInt(group, 16));
  }
  bits <<= 16n * BigInt(compressed ? 8 - written : 0);
  for (const group of tail) {
    bits = (bits << 16n) | BigInt(parseInt(group, 16));
  }
  if (embeddedIpv4 !== null) {
    bits = (bits << 32n) | embeddedIpv4;
  }
  return { version: 6, bits };
}

/** `{version: 4|6, bits}` for a literal IP address, else null. */
export function parseIp(text) {
  if (typeof text !== 'string' || text === '') {
    return null;
  }
  if (IPV4.test(text)) {
    return { version: 4, bits: ipv4Bits(text) };
  }
  return parseIpv6(text);
}

export function isIpAddress(text) {
  return parseIp(text) !== null;
}

/** `{version, bits, prefix}` for "203.0.113.0/24", "2001:db8::/32" or a single address (its full prefix). */
export function parseCidr(text) {
  if (typeof text !== 'string') {
    return null;
  }
  const [address, prefixText, extra] = text.split('/');
  const ip = parseIp(address);
  if (!ip || extra !== undefined) {
    return null;
  }
  const width = ip.version === 4 ? 32 : 128;
  if (prefixText === undefined) {
    return { ...ip, prefix: width };
  }
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > width) {
    return null;
  }
  return { ...ip, prefix: Number(prefixText) };
}

export function cidrContains(cidrText, addressText) {
  const range = parseCidr(cidrText);
  const ip = parseIp(addressText);
  if (!range || !ip || range.version !== ip.version) {
    return false;
  }
  const width = BigInt(ip.version === 4 ? 32 : 128);
  const hostBits = width - BigInt(range.prefix);
  return (range.bits >> hostBits) === (ip.bits >> hostBits);
}

/** The IP page's path for an address, or null when it is not one (so no link is built from other text). */
export function ipPagePath(addressText) {
  return isIpAddress(addressText) ? `/ip/${encodeURIComponent(addressText)}` : null;
}

/**
 * A SQL string literal of an address. Refuses anything that is not an IP address; quotes are doubled anyway, so the
 * literal stays one string whatever a future caller passes.
 */
export function sqlAddressLiteral(addressText) {
  if (!isIpAddress(addressText)) {
    throw new TypeError('Not an IP address');
  }
  return `'${addressText.replaceAll("'", "''")}'`;
}
