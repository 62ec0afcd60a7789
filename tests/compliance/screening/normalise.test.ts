import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../../compliance/screening/index.js';

const text = (n: string) => normaliseName(n).text;
const kinds = (n: string) => normaliseName(n).tokens.map((t) => `${t.text}:${t.kind}${t.particle ? `(${t.particle}+${t.core})` : ''}`);

describe('name normalisation', () => {
  it('case, diacritics, letters without a decomposition, Cyrillic and Greek', () => {
    expect(text('José Müller-Lüdenscheidt')).toBe('JOSE MULLER LUDENSCHEIDT');
    expect(text('Straße Øresund Æther Łódź Đorđe')).toBe('STRASSE ORESUND AETHER LODZ DORDE');
    expect(text('Владимир Путин')).toBe('VLADIMIR PUTIN');
    expect(text('Юлия Щербакова-Жукова')).toBe('YULIYA SHCHERBAKOVA ZHUKOVA');
    expect(text('Сергей Шойгу')).toBe('SERGEY SHOYGU');
    expect(text('Γιώργος Παπαδόπουλος')).toBe('GIORGOS PAPADOPOULOS');
  });

  it('punctuation as spaces, apostrophes inside words dropped, "LAST, First" reordered', () => {
    expect(text("O'Brien, Patrick J.")).toBe('PATRICK J OBRIEN');
    expect(text('CRUZ, Juan M. de la')).toBe('JUAN M DELACRUZ');
    expect(text('GUZMAN LOERA, Joaquin')).toBe('JOAQUIN GUZMAN LOERA');
    // a comma before a legal form is not "LAST, First"
    expect(text('CIMEX, S.A.')).toBe('CIMEX');
    expect(text('ETCO INTERNATIONAL COMPANY, LIMITED')).toBe('ETCO INTERNATIONAL');
  });

  it('legal forms and honorifics come off the edges, never the whole name', () => {
    expect(text('Acme Trading GmbH')).toBe('ACME TRADING');
    expect(text('ANGLO-CARIBBEAN CO., LTD.')).toBe('ANGLO CARIBBEAN');
    expect(text('OOO Romashka')).toBe('ROMASHKA');
    expect(text('LIMITED LIABILITY COMPANY CONCORD MANAGEMENT')).toBe('CONCORD MANAGEMENT');
    expect(text('Grupo Mota S.A. de C.V.')).toBe('GRUPO MOTA');
    expect(text('Mr. John Smith Jr.')).toBe('JOHN SMITH JR');
    expect(text('NOORULLAH, Haji')).toBe('NOORULLAH'); // "LAST, Title": reordered, then the title goes
    expect(text('Smith, Jr.')).toBe('SMITH JR');
    expect(text('Dr. Ayman al-Zawahiri')).toBe('AYMAN ALZAWAHIRI');
    expect(text('AG')).toBe('AG');
    expect(text('Company')).toBe('COMPANY');
    // a legal form inside the name stays
    expect(text('SA Holdings Trust')).toBe('SA HOLDINGS TRUST');
  });

  it('short tokens: initials, two-letter names, particles joined to the next word, common words', () => {
    expect(kinds('J. R. Ewing')).toEqual(['J:initial', 'R:initial', 'EWING:word']);
    expect(kinds('Li Wei')).toEqual(['LI:short', 'WEI:word']);
    expect(kinds('Osama bin Laden')).toEqual(['OSAMA:word', 'BINLADEN:word(BIN+LADEN)']);
    expect(kinds('AL-QAIDA')).toEqual(['ALQAIDA:word(AL+QAIDA)']);
    expect(kinds('Abu Bakr al Baghdadi')).toEqual(['ABUBAKR:word(ABU+BAKR)', 'ALBAGHDADI:word(AL+BAGHDADI)']);
    expect(kinds('Banco Nacional de Cuba')).toEqual(['BANCO:common', 'NACIONAL:common', 'DECUBA:word(DE+CUBA)']);
    // a particle with nothing after it stays a token of its own
    expect(kinds('Hassan Al')).toEqual(['HASSAN:word', 'AL:short']);
  });

  it('units: adjacent words also joined, for names written with or without a space', () => {
    expect(normaliseName('Aero Caribbean Airlines').units.map((u) => u.text)).toEqual(['AERO', 'CARIBBEAN', 'AIRLINES', 'AEROCARIBBEAN', 'CARIBBEANAIRLINES']);
    expect(normaliseName('J Smith').units).toHaveLength(2);
  });
});
