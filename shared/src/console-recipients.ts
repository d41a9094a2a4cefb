/**
 * Batch coupon issue: the operator pastes phones or card numbers (one a line, or separated by commas,
 * spaces, semicolons). Pure: which tokens are phones (11 digits from 1), card numbers (10 digits),
 * invalid, or repeats of an earlier token.
 */
export type RecipientKind = 'phone' | 'card' | 'invalid' | 'duplicate';
export interface Recipient {
  input: string;
  kind: RecipientKind;
}
export const MAX_RECIPIENTS = 1000;

export function parseRecipients(text: string): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const raw of text.split(/[\s,，;；、]+/)) {
    const input = raw.trim().replace(/^\+?86-?/, '');
    if (!input) continue;
    if (seen.has(input)) {
      out.push({ input, kind: 'duplicate' });
      continue;
    }
    seen.add(input);
    out.push({ input, kind: /^1\d{10}$/.test(input) ? 'phone' : /^\d{10}$/.test(input) ? 'card' : 'invalid' });
  }
  return out;
}
