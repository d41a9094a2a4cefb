/**
 * Sweep of every request schema in the contract: refinements, superRefines and
 * transforms run even after a continuable check failed (an empty array under
 * min(1), an empty string under a regex), so they must never assume what a
 * check should have ensured. Each schema gets "hollow" inputs built from its
 * JSON schema (every array empty, every string empty, every number 0, and the
 * same with one-element arrays); safeParse must answer, never throw.
 */
import { z } from 'zod';
import { adminPosKeys, api, posApi, updateMembershipSettings, type RouteContract } from '@homeclub/shared';

type Json = { type?: string | string[]; properties?: Record<string, Json>; items?: Json; anyOf?: Json[]; oneOf?: Json[]; allOf?: Json[]; enum?: unknown[]; const?: unknown; default?: unknown };

/** The emptiest value of a JSON schema; `arrayLen` 0 or 1 decides the arrays. */
function hollow(s: Json | undefined, arrayLen: number, depth = 0): unknown {
  if (!s || depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alt?.length) return hollow(alt[0], arrayLen, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, hollow(v, arrayLen, depth + 1)]));
    case 'array':
      return arrayLen ? [hollow(s.items, arrayLen, depth + 1)] : [];
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

const contracts = [...Object.entries(api), ...Object.entries(posApi), ...Object.entries(adminPosKeys)] as [string, RouteContract][];
const schemas = contracts.flatMap(([name, c]) =>
  (['params', 'query', 'body'] as const).filter((w) => c[w]).map((w) => [`${name}.${w}`, c[w] as z.ZodType] as const),
);

test.each(schemas)('%s answers hollow inputs without throwing', (_name, schema) => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const inputs = [hollow(json, 0), hollow(json, 1), {}, [], null, '', 0];
  for (const input of inputs) expect(() => schema.safeParse(input)).not.toThrow();
});

test('membership settings with no tiers is a field error on tiers (was a TypeError → 500)', () => {
  const r = updateMembershipSettings.safeParse({ tiers: [], growthPerYuan: 1, reviewMonthDay: '01-01', pointsExpiryYears: 1, signupBonusPoints: 0 });
  expect(r.success).toBe(false);
  expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('tiers');
});
