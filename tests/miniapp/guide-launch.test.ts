/** The guide code of a launch: a shared card's `guide=CODE` or a scanned code's `scene=g%3DCODE`. */
import { guideFromLaunch } from '../../miniapp/src/services/guides';

test.each([
  [{ guide: 'G2345A' }, 'G2345A'],
  [{ guide: 'g2345a' }, 'G2345A'],
  [{ scene: 'g%3DG2345A' }, 'G2345A'],
  [{ scene: 'g%253DG2345A' }, 'G2345A'],
  [{ scene: 'i=AB2C&g=G2345A' }, 'G2345A'],
  [{ scene: 'i%3DAB2C' }, null],
  [{ guide: 'G1111O' }, null],
  [{ guide: 'X2345A' }, null],
  [{}, null],
  [null, null],
])('%j → %s', (params, expected) => {
  expect(guideFromLaunch(params as Record<string, unknown> | null)).toBe(expected);
});
