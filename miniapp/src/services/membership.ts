/**
 * Membership helpers shared by 会员, 积分明细, 我的 and the staff pages:
 * display formatting (integers only, money through formatFen), points reasons
 * and kinds in Chinese, tier colours, and the member code secret (fetched once,
 * kept in storage so the code also shows offline).
 */
import { formatFen, type MemberCard, type PointsEntryKind, type PointsEntryView } from '@homeclub/shared';
import { call } from './api';
import { getStoredCodeSecret, storeCodeSecret, type StoredCodeSecret } from './storage';

// ---------------------------------------------------------------- formatting

/** "1234 5678 90": digits in groups of 4 (card numbers; member codes come out 4-4-4-4-2). */
export function groupDigits(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "1,200" / "-300": an integer with thousands separators. */
export function formatPoints(n: number): string {
  const sign = n < 0 ? '-' : '';
  return `${sign}${String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** "+1,200" / "-300" / "0". */
export function formatSignedPoints(n: number): string {
  return n > 0 ? `+${formatPoints(n)}` : formatPoints(n);
}

/** "¥1,234" for whole yuan, "¥1,234.56" otherwise (formatFen: exact, no floats). */
export function formatYuan(fen: number): string {
  return formatFen(fen).replace(/\.00$/, '');
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2026-11-22 18:30" in China time, whatever the device's zone. */
export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "2026-12-31": a date-only string as is, a timestamp as its China date. */
export function formatDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const text = formatDateTime(value);
  return text === value ? value : text.slice(0, 10);
}

/** Today in China time, "YYYY-MM-DD" (the birthday picker's end). */
export function todayInChina(now = Date.now()): string {
  return formatDateTime(new Date(now).toISOString()).slice(0, 10);
}

// ---------------------------------------------------------------- tiers

/** 「再消费 ¥1,234 升级金卡」 or 「已是最高等级」. */
export function nextTierText(card: Pick<MemberCard, 'nextTier'>): string {
  const next = card.nextTier;
  if (!next) return '已是最高等级';
  if (next.spendNeededFen > 0) return `再消费 ${formatYuan(next.spendNeededFen)} 升级${next.name}`;
  return `即将升级${next.name}`;
}

/** Progress to the next tier in whole percent (integer maths). */
export function growthPercent(card: Pick<MemberCard, 'growth' | 'tier' | 'nextTier'>): number {
  if (!card.nextTier) return 100;
  const span = card.nextTier.threshold - card.tier.threshold;
  if (span <= 0) return 100;
  const done = Math.floor(((card.growth - card.tier.threshold) * 100) / span);
  return Math.max(0, Math.min(100, done));
}

// ---------------------------------------------------------------- points

/** The reason of a points entry in Chinese (one table for both UIs, in shared). */
export { pointsReasonText } from '@homeclub/shared';

/** Filter chips of 积分明细 (undefined = 全部). */
export const POINTS_KIND_FILTERS: ReadonlyArray<{ kind: PointsEntryKind | undefined; label: string }> = [
  { kind: undefined, label: '全部' },
  { kind: 'earn', label: '获得' },
  { kind: 'spend', label: '使用' },
  { kind: 'hold', label: '冻结' },
  { kind: 'release', label: '解冻' },
  { kind: 'capture', label: '抵扣' },
  { kind: 'expire', label: '过期' },
  { kind: 'reversal', label: '退回' },
  { kind: 'adjust', label: '调整' },
];

/**
 * The change a row shows: the balance change, or for freezing/unfreezing (which
 * leave the balance alone) the change of the available points.
 */
export function entryDisplayAmount(entry: Pick<PointsEntryView, 'amount' | 'heldDelta'>): number {
  return entry.amount !== 0 ? entry.amount : -entry.heldDelta;
}

// ---------------------------------------------------------------- tier colours

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOR = '#07c160';

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** The card background: a gradient from the tier colour to a darker shade of it. */
export function tierBackground(color: string): string {
  const base = HEX_COLOR.test(color) ? color : FALLBACK_COLOR;
  const darker = `#${channels(base)
    .map((c) => Math.floor((c * 7) / 10).toString(16).padStart(2, '0'))
    .join('')}`;
  return `linear-gradient(135deg, ${base} 0%, ${darker} 100%)`;
}

/** Dark text on light tier colours, white otherwise (perceived brightness, integer maths). */
export function tierTextColor(color: string): string {
  const [r, g, b] = channels(HEX_COLOR.test(color) ? color : FALLBACK_COLOR);
  return r * 299 + g * 587 + b * 114 > 186_000 ? '#191919' : '#ffffff';
}

// ---------------------------------------------------------------- member code secret

let inflight: { memberId: string; promise: Promise<StoredCodeSecret> } | null = null;

/** GET /api/member/code-secret and store it; concurrent callers share one request. */
function fetchCodeSecret(memberId: string): Promise<StoredCodeSecret> {
  if (inflight && inflight.memberId === memberId) return inflight.promise;
  const promise = call('memberCodeSecret', { toast: false })
    .then((res) => {
      const secret: StoredCodeSecret = {
        memberId,
        cardNo: res.cardNo,
        secret: res.secret,
        periodSeconds: res.periodSeconds,
        chainPrefix: res.chainPrefix,
      };
      storeCodeSecret(secret);
      return secret;
    })
    .finally(() => {
      if (inflight?.promise === promise) inflight = null;
    });
  inflight = { memberId, promise };
  return promise;
}

/**
 * The member code secret of `memberId`: from storage when there is one,
 * otherwise fetched once and stored. `expectedCardNo` (from the card, when
 * loaded) forces a new fetch if the stored one is for another card number.
 */
export async function loadCodeSecret(memberId: string, expectedCardNo?: string): Promise<StoredCodeSecret> {
  const stored = getStoredCodeSecret(memberId);
  if (stored && (!expectedCardNo || stored.cardNo === expectedCardNo)) return stored;
  return fetchCodeSecret(memberId);
}

export { getStoredCodeSecret, type StoredCodeSecret };
