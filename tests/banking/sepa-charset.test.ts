import { describe, expect, it } from 'vitest';
import { isSepaText, NotSepaCharacter, SEPA_MAX_LENGTH, SEPA_TEXT, SepaTextTooLong, toSepaText } from '../../banking/index.js';

function notSepa(text: string): NotSepaCharacter {
  try {
    toSepaText(text, { field: 'remittanceInformation' });
  } catch (e) {
    expect(e).toBeInstanceOf(NotSepaCharacter);
    return e as NotSepaCharacter;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('the SEPA basic Latin character set', () => {
  it('accepts exactly a-z A-Z 0-9 / - ? : ( ) . , \' + and space', () => {
    const all = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ";
    expect(isSepaText(all)).toBe(true);
    expect(isSepaText('')).toBe(true);
    for (let c = 0x20; c < 0x7f; c++) {
      const ch = String.fromCharCode(c);
      expect(isSepaText(ch), ch).toBe(all.includes(ch));
    }
  });

  it('is anchored: one bad character anywhere fails the whole text', () => {
    expect(SEPA_TEXT.test('ok text')).toBe(true);
    expect(isSepaText('ok € text')).toBe(false);
    expect(isSepaText('€ok')).toBe(false);
    expect(isSepaText('ok€')).toBe(false);
    expect(isSepaText('ok\n')).toBe(false);
    expect(isSepaText('ok\nsecond')).toBe(false);
  });
});

describe('toSepaText transliterates', () => {
  it.each([
    ['Müller', 'Mueller'],
    ['MÜLLER', 'MUELLER'],
    ['Über', 'Ueber'],
    ['Jürgen Größe', 'Juergen Groesse'],
    ['Straße', 'Strasse'],
    ['Äpfel ÖL Öl', 'Aepfel OEL Oel'],
    ['GROẞ', 'GROSS'],
    ['José Núñez', 'Jose Nunez'],
    ['Crème brûlée', 'Creme brulee'],
    ['Ærø København', 'Aero Kobenhavn'],
    ['Ångström', 'Angstroem'],
    ['Łódź', 'Lodz'],
    ['Dvořák Čapek', 'Dvorak Capek'],
    ['Œuvre cœur', 'Oeuvre coeur'],
    ['Þór Guðmundsson', 'Thor Gudmundsson'],
    ['ÞÓR', 'THOR'],
    ['İstanbul ışık', 'Istanbul isik'],
    ['Müller & Söhne GmbH', 'Mueller + Soehne GmbH'],
    ['O’Neil “the Bank” – Rechnung', "O'Neil 'the Bank' - Rechnung"],
    ['Tab\there', 'Tab here'],
    ['Rechnung 2024/11-03 (Teil 1): 12,50', 'Rechnung 2024/11-03 (Teil 1): 12,50'],
  ])('%j → %j', (text, expected) => {
    const out = toSepaText(text);
    expect(out).toBe(expected);
    expect(isSepaText(out)).toBe(true);
  });

  it('handles decomposed input (a + combining diaeresis) like the composed letter', () => {
    expect(toSepaText('Mu\u0308ller')).toBe('Mueller');
    expect(toSepaText('Jose\u0301')).toBe('Jose');
  });
});

describe('toSepaText refuses what it cannot transliterate', () => {
  it('names the character and its position', () => {
    const e = notSepa('Miet€ Mai');
    expect(e.message).toBe('"€" at position 5 is not in the SEPA character set');
    expect(e.field).toBe('remittanceInformation');
    expect(e.details).toMatchObject({ character: '€', position: 5, codePoint: 'U+20AC' });
  });

  it('counts positions in characters of the original text, not after transliteration', () => {
    // "ü" becomes two letters, but "@" is still the 4th character of the input.
    expect(notSepa('Müh@x').message).toMatch(/"@" at position 4/);
    // An emoji is one character (two UTF-16 units).
    expect(notSepa('😀 x #').message).toMatch(/"😀" at position 1 .*\(and 1 more\)/);
    expect(notSepa('😀 x #').details.offending).toEqual([
      { character: '😀', position: 1, codePoint: 'U+1F600' },
      { character: '#', position: 5, codePoint: 'U+0023' },
    ]);
  });

  it.each(['€', '@', '#', '!', '*', '_', ';', '=', '%', '$', '<', '>', '[', '|', '~', '\\', '§', '°', 'Ωmega', 'Иван', '北京', '\u200b', '\u0000'])(
    'refuses %j',
    (text) => {
      const e = notSepa(text);
      expect(e.message).toMatch(/at position 1 is not in the SEPA character set/);
    },
  );
});

describe('maximum length', () => {
  it('is checked after transliteration', () => {
    expect(toSepaText('a'.repeat(70), { maxLength: SEPA_MAX_LENGTH.name })).toHaveLength(70);
    try {
      toSepaText('Müller'.repeat(12), { maxLength: 70, field: 'creditorName' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SepaTextTooLong);
      expect((e as SepaTextTooLong).message).toBe('text is 84 characters long after transliteration; at most 70 are allowed');
      expect((e as SepaTextTooLong).field).toBe('creditorName');
    }
    expect(() => toSepaText('x'.repeat(141), { maxLength: SEPA_MAX_LENGTH.remittance })).toThrow(/141 characters long; at most 140/);
  });

  it('can truncate instead', () => {
    expect(toSepaText('Müller', { maxLength: 4, onTooLong: 'truncate' })).toBe('Muel');
  });

  it('has the usual limits', () => {
    expect(SEPA_MAX_LENGTH).toEqual({ remittance: 140, name: 70, reference: 35 });
  });
});
