// The XML parser as the JUnit reader uses it: fast-xml-parser configured so that a hostile file
// stays harmless (no entity expansion at all, bounded nesting), and typed accessors over the tree
// it returns (attributes, child elements, text). Knows XML, not JUnit.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element as the parser gives it: attributes under `@_name`, children as arrays. */
export type XmlElement = Record<string, unknown>;

/** Elements nested deeper than this (below the root) make the file a problem: real reports nest
 * a few suites (Jest, PHPUnit), and the tree's walkers recurse, so depth is what would exhaust
 * the stack. fast-xml-parser's own default, made explicit so that the bound is ours. */
export const MAX_NESTING = 100;

/** Attributes on one element above this make the file a problem: real reports carry a dozen at
 * most, and the validator and parser are quadratic-ish in them (one element with 1,000,000
 * attributes, 12 MB, took 16 s to read; a 50 MB file would take a minute). */
export const MAX_ATTRIBUTES = 1_000;

const ATTR = '@_';
const TEXT = '#text';
const CDATA = '#cdata';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  // Off means off: no DOCTYPE entity is ever expanded (billion laughs), and the five predefined
  // entities and character references are decoded by decodeXml below instead, which cannot grow
  // text by more than it reads.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  // CDATA apart from text: its content is literal and must not be entity-decoded.
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_NESTING,
  // Every element is a list, so one child and many read alike; attributes stay strings.
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

/** The document's root elements by name, or a one-line reason it is not well-formed XML. */
export function parseXml(text: string): XmlElement | string {
  const crowded = mostAttributes(text);
  if (crowded > MAX_ATTRIBUTES) return `an element with over ${MAX_ATTRIBUTES} attributes: not read`;
  // The parser itself tolerates unclosed and mismatched tags; the validator does not.
  const valid = XMLValidator.validate(text);
  if (valid !== true) return `not well-formed XML: ${oneLine(valid.err.msg)} (line ${valid.err.line})`;
  try {
    return parser.parse(text) as XmlElement;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/nested tags/i.test(message)) return `elements nested too deep (over ${MAX_NESTING} levels): not read`;
    return `cannot be parsed: ${oneLine(message)}`;
  }
}

/** The most `=` signs in one tag (outside quoted values), up to just past MAX_ATTRIBUTES: a
 * linear scan that bounds the parser's work before it starts. Comments, CDATA and
 * declarations are skipped whole. */
function mostAttributes(text: string): number {
  let most = 0;
  let i = text.indexOf('<');
  while (i >= 0 && most <= MAX_ATTRIBUTES) {
    const skip = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : text.startsWith('<!', i) || text.startsWith('<?', i) ? '>' : undefined;
    if (skip !== undefined) {
      const end = text.indexOf(skip, i + 2);
      if (end < 0) break;
      i = text.indexOf('<', end + skip.length);
      continue;
    }
    let count = 0;
    let quote = '';
    let j = i + 1;
    for (; j < text.length; j++) {
      const c = text[j]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '=') count++;
      else if (c === '>') break;
    }
    if (count > most) most = count;
    i = text.indexOf('<', j);
  }
  return most;
}

/** The child elements named `name`, in document order. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  const value = Object.hasOwn(element, name) ? element[name] : undefined;
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is XmlElement => typeof v === 'object' && v !== null);
}

/** An attribute's value, entity references decoded; undefined when absent. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[ATTR + name];
  return typeof value === 'string' ? decodeXml(value) : undefined;
}

/** The element's own text: its text nodes decoded, then its CDATA sections verbatim. */
export function textOf(element: XmlElement): string {
  return [...strings(element[TEXT]).map(decodeXml), ...list(element[CDATA]).map(cdataText)].join('');
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const strings = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === 'string');

// With every element a list, each CDATA section comes back as an element holding its text.
const cdataText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const text = typeof value === 'object' && value !== null ? (value as XmlElement)[TEXT] : undefined;
  return typeof text === 'string' ? text : '';
};

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes XML's predefined entities and character references; any other reference (a DOCTYPE's
 * entity, which is never expanded) stays as written.
 */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 200);
