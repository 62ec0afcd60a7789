import { maskIban } from '../../../banking/index.js';
import type { Check } from './context.js';

const BIC = /^[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const IBAN_COUNTRY = /^([A-Z]{2})[0-9]{2}/;

/** The beneficiary's IBAN country, BIC country or stated country is on the list. */
export const highRiskCountry: Check = ({ t, cfg }) => {
  const list = new Set(cfg.highRiskCountry.countries);
  const seen: [string, string][] = [];
  const iban = IBAN_COUNTRY.exec(t.beneficiaryIban)?.[1];
  if (iban) seen.push([`IBAN ${maskIban(t.beneficiaryIban)}`, iban]);
  const bic = t.beneficiaryBic ? BIC.exec(t.beneficiaryBic)?.[1] : undefined;
  if (bic) seen.push([`BIC ${t.beneficiaryBic}`, bic]);
  const stated = t.tx.beneficiaryCountry?.trim().toUpperCase();
  if (stated) seen.push(['address', stated]);
  const hits = seen.filter(([, country]) => list.has(country));
  if (hits.length === 0) return undefined;
  const countries = [...new Set(hits.map(([, c]) => c))];
  return {
    explanation: `beneficiary ${t.tx.beneficiaryName} (${hits.map(([what, c]) => `${what} in ${c}`).join(', ')}): ${countries.join(', ')} ${countries.length === 1 ? 'is' : 'are'} on the high-risk country list`,
    facts: { countries, ibanCountry: iban, bicCountry: bic, statedCountry: stated },
  };
};
