/** The API document is read by the chain's own developers and integrators in China: every summary is in Chinese. */
import { adminPosKeys, api, posApi } from '@homeclub/shared';

const CJK = /[\u4e00-\u9fff]/;

test('every route of the API contract (and the POS API) has a Chinese summary', () => {
  const routes = { ...api, ...posApi, ...adminPosKeys } as Record<string, { summary?: string }>;
  const notChinese = Object.entries(routes)
    .filter(([, r]) => !r.summary || !CJK.test(r.summary))
    .map(([name, r]) => `${name}: ${r.summary ?? '(none)'}`);
  expect(notChinese).toEqual([]);
  expect(Object.keys(routes).length).toBeGreaterThan(100);
});
