/**
 * Home-content demo: a draft with three banners (SVG data URLs, so no file has to ship), the
 * six shortcuts, the claim-centre coupons as featured and a notice, published as version 1.
 * Idempotent: the draft is created only at revision 0, and publishing revision 1 again returns version 1.
 */
import type { HomeConfigInput } from '@homeclub/shared';
import { homeConfig } from '@homeclub/shared';
import type { Services } from '../services';
import { DEFAULT_HOME } from '../content/audience.calc';

function svgBanner(title: string, subtitle: string, from: string, to: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="690" height="280" viewBox="0 0 690 280">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>` +
    `<rect width="690" height="280" rx="24" fill="url(#g)"/>` +
    `<circle cx="590" cy="60" r="120" fill="#fff" fill-opacity="0.12"/><circle cx="640" cy="250" r="80" fill="#fff" fill-opacity="0.1"/>` +
    `<text x="48" y="128" font-size="52" font-weight="700" fill="#fff" font-family="PingFang SC, Microsoft YaHei, sans-serif">${title}</text>` +
    `<text x="48" y="190" font-size="28" fill="#fff" fill-opacity="0.9" font-family="PingFang SC, Microsoft YaHei, sans-serif">${subtitle}</text>` +
    `</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

export async function seedDemoContent(services: Services, adminId: string, firstStoreId: string): Promise<void> {
  const templates = await services.coupons.listTemplates();
  const claimable = templates.filter((t) => t.channel === 'claim_center');
  const bigCoupon = claimable.find((t) => t.name === '满3000减300');
  const measure = (await services.booking.catalog.services(firstStoreId)).find((s) => s.kind === 'measure');
  const config: HomeConfigInput = {
    banners: [
      {
        id: 'winter-fest',
        title: '冬季家装节 满3000减300',
        image: svgBanner('冬季家装节', '全场家具家电 满 3000 减 300，领券立享', '#ff6034', '#ee0a24'),
        link: bigCoupon ? { kind: 'coupon', templateId: bigCoupon.id } : { kind: 'page', page: 'coupons' },
      },
      {
        id: 'free-measure',
        title: '免费上门量尺',
        image: svgBanner('免费上门量尺', '设计师上门测量，出具尺寸图', '#07c160', '#0b8f4d'),
        link: measure ? { kind: 'booking', storeId: firstStoreId, serviceId: measure.id } : { kind: 'page', page: 'booking' },
      },
      {
        id: 'invite',
        title: '邀请好友 双方有礼',
        image: svgBanner('邀请好友 双方有礼', '好友注册得见面礼，首单后您得积分', '#7232dd', '#4b1fa8'),
        link: { kind: 'page', page: 'invite' },
      },
    ],
    shortcuts: DEFAULT_HOME.shortcuts,
    featuredCouponIds: claimable.map((t) => t.id).slice(0, 5),
    notice: { text: '冬季家装节：每周末到店选购，满 3000 减 300，另享免费上门量尺', link: { kind: 'page', page: 'coupons' } },
  };
  const draft = await services.content.draft();
  if (draft.revision === 0) await services.content.saveDraft(adminId, 0, homeConfig.parse(config));
  await services.content.publish(adminId, 1);
}
