// Whether a file is a JUnit XML report, told from its first bytes alone: the root element is
// `<testsuites>` or `<testsuite>`. Recognising reports by content (not by name) finds them among
// the outputs wherever a tool wrote them, and reading only a head keeps that cheap for every
// file of a publication. The full parse (junit.ts) still decides whether the file is usable.

/** How many leading bytes the sniff needs: room for a declaration, a licence comment, a DOCTYPE. */
export const JUNIT_SNIFF_BYTES = 4096;

/**
 * A file's text (or its head's): UTF-8 unless a UTF-16 byte-order mark (Windows tools write UTF-16
 * reports) or the XML declaration's `encoding` says otherwise; a byte-order mark dropped.
 */
export function decodeXmlBytes(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2).toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) {
    // Node has no UTF-16BE decoder: swap the byte pairs (an odd last byte is a cut character).
    const even = head.subarray(2, 2 + ((head.length - 2) & ~1));
    return Buffer.from(even).swap16().toString('utf16le');
  }
  const declared = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 200).toString('latin1'))?.[1];
  const decoder = declared === undefined ? undefined : decoderFor(declared);
  const text = decoder !== undefined ? decoder.decode(head) : head.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

// An older tool may declare ISO-8859-1 or windows-1252; an encoding unknown here reads as UTF-8.
// A UTF-16 declaration readable as ASCII is wrong (real UTF-16 came with a byte-order mark above).
const decoderFor = (label: string): InstanceType<typeof TextDecoder> | undefined => {
  if (/^utf-?(?:8|16)/i.test(label)) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
};

/** What stands before the root element. */
export interface Prolog {
  /** The root element's name; undefined when the text ends first or something else stands there. */
  root: string | undefined;
  /** Whether a DOCTYPE came first (the only place XML declares entities). */
  doctype: boolean;
}

/**
 * Skips what XML allows before the root element (declaration, processing instructions, comments,
 * a DOCTYPE, whitespace) and names the root.
 */
export function readProlog(text: string): Prolog {
  let at = 0;
  let doctype = false;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (text.startsWith('<?', at)) at = endOf(text, '?>', at);
    else if (text.startsWith('<!--', at)) at = endOf(text, '-->', at);
    else if (text.startsWith('<!DOCTYPE', at)) {
      doctype = true;
      at = endOfDoctype(text, at);
    } else break;
    if (at < 0) return { root: undefined, doctype };
  }
  const name = /^<([A-Za-z_][\w.:-]*)(?=[\s/>])/.exec(text.slice(at, at + 256));
  return { root: name?.[1], doctype };
}

/** True when the head of a file shows a `<testsuites>` or `<testsuite>` root element. */
export function isJUnit(head: Buffer): boolean {
  const { root } = readProlog(decodeXmlBytes(head));
  return root === 'testsuites' || root === 'testsuite';
}

const endOf = (text: string, close: string, from: number): number => {
  const end = text.indexOf(close, from);
  return end < 0 ? -1 : end + close.length;
};

// A DOCTYPE may hold an internal subset in brackets, whose declarations contain `>`.
const endOfDoctype = (text: string, from: number): number => {
  const bracket = text.indexOf('[', from);
  const close = text.indexOf('>', from);
  if (close < 0) return -1;
  if (bracket < 0 || bracket > close) return close + 1;
  const subsetEnd = text.indexOf(']', bracket);
  return subsetEnd < 0 ? -1 : endOf(text, '>', subsetEnd);
};
