/**
 * MT940/MT942 text to messages of tag fields, with line numbers. Knows the envelope, not the tags:
 * SWIFT blocks (`{1:…}{2:…}{4:` … `-}`), bank headers before `:20:` (`ABNANL2A`, `940`, `:940:`,
 * `0000 01INGBNL2AXXXX00001`), SOH/ETX characters, `-` / `-}` / `-XXX` separators, and fields that
 * go on over several lines (`:86:`, the second line of `:61:`). A new `:20:` starts a new message
 * even without a separator, unless it comes between a statement's opening and closing balances.
 */

export interface TagField {
  /** `20`, `25`, `28C`, `60F`, `61`, `86`, `NS`... */
  tag: string;
  /** The value after `:tag:`, its lines joined with `\n`, blank lines at the end removed. */
  value: string;
  /** 1-based line of the tag. */
  line: number;
}

export interface SwiftMessage {
  fields: TagField[];
  /** 1-based line where the message starts (its `:20:`, or its first tag). */
  line: number;
}

const TAG = /^:(\d\d[A-Z]?|NS):/;
const SEPARATOR = /^-\s*(?:\}.*|XXX)?\s*$/;
/** SWIFT's start-of-header and end-of-text around a message, and a DOS end-of-file. */
const ENVELOPE_CONTROL = /[\x01\x03\x1a]/g;

export function splitMessages(text: string): SwiftMessage[] {
  const lines = text.replace(ENVELOPE_CONTROL, '').split(/\r\n|\r|\n/);
  const messages: SwiftMessage[] = [];
  let current: SwiftMessage | undefined;
  let field: TagField | undefined;
  const close = () => {
    if (field) field.value = field.value.replace(/\n+$/, '');
    field = undefined;
    current = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.startsWith('{')) {
      const body = line.lastIndexOf('{4:');
      if (body < 0) {
        // {5:…} trailer or another block: the message, if any, has ended.
        close();
        continue;
      }
      close();
      line = line.slice(body + 3);
      if (!line) continue;
    }
    const tag = line.charCodeAt(0) === 58 /* : */ ? TAG.exec(line) : null;
    if (tag) {
      if (field) field.value = field.value.replace(/\n+$/, '');
      // A :20: between an opening balance and its closing one is inside a statement (a broken :86:
      // line), not a new message: it stays in the message, which refuses a second :20:.
      if ((tag[1] === '20' && !insideStatement(current)) || !current) {
        current = { fields: [], line: i + 1 };
        messages.push(current);
      }
      field = { tag: tag[1]!, value: line.slice(tag[0].length), line: i + 1 };
      current.fields.push(field);
    } else if (line.charCodeAt(0) === 45 /* - */ && SEPARATOR.test(line)) {
      close();
    } else if (field) {
      field.value += '\n' + line;
    }
    // else: a header line before the message's first tag.
  }
  close();
  return messages;
}

/** A message with an opening balance and no closing balance yet: an MT940 statement still open. */
function insideStatement(m: SwiftMessage | undefined): boolean {
  if (!m) return false;
  let open = false;
  for (const f of m.fields) {
    if (/^60[FM]?$/.test(f.tag)) open = true;
    else if (/^62[FM]?$/.test(f.tag)) open = false;
  }
  return open;
}
