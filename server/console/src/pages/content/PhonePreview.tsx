/**
 * 预览: the home as a member of a tier, at a store, at a time would see it — the server filters the form's
 * (unsaved) config exactly as GET /api/home does, drawn in a phone-sized frame like the mini-program.
 */
import { useEffect, useState, type CSSProperties } from 'react';
import { Carousel, DatePicker, Select, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { instantOf } from '../../components/shanghai';
import type { HomeConfigInput, HomeView, TemplateView } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';
import { useSession } from '../../session';
import { PAGE_NAMES } from './form-values';

/** Phone-sized frame (375 × 667 screen), styled like the mini-program's home. */
const S: Record<string, CSSProperties> = {
  phone: { width: 395, border: '10px solid #222', borderRadius: 36, background: '#f5f5f5', overflow: 'hidden', boxShadow: '0 8px 24px rgba(0,0,0,.15)' },
  bar: { height: 44, lineHeight: '44px', textAlign: 'center', background: '#fff', fontWeight: 600, borderBottom: '1px solid #eee' },
  screen: { height: 623, overflowY: 'auto', padding: '0 0 12px' },
  banner: { position: 'relative', height: 150, background: '#ddd' },
  bannerImg: { width: '100%', height: 150, objectFit: 'cover', display: 'block' },
  bannerTitle: { position: 'absolute', left: 12, bottom: 10, color: '#fff', fontWeight: 600, textShadow: '0 1px 3px rgba(0,0,0,.6)' },
  empty: { height: 60, lineHeight: '60px', textAlign: 'center', color: '#999' },
  notice: { margin: '8px 12px', padding: '6px 10px', background: '#fff7e6', color: '#ad6800', borderRadius: 6, fontSize: 13 },
  card: { margin: '8px 12px', padding: 14, borderRadius: 10, background: 'linear-gradient(135deg,#07c160,#059a4c)', color: '#fff', display: 'flex', justifyContent: 'space-between' },
  grid: { margin: '8px 12px', padding: '10px 0', background: '#fff', borderRadius: 10, display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', rowGap: 10 },
  cell: { display: 'flex', flexDirection: 'column', alignItems: 'center', fontSize: 12 },
  icon: { width: 36, height: 36, lineHeight: '36px', borderRadius: 18, background: '#e8f8ef', color: '#07c160', textAlign: 'center', fontStyle: 'normal', fontWeight: 600, marginBottom: 4 },
  section: { margin: '8px 12px', padding: 10, background: '#fff', borderRadius: 10 },
  row: { display: 'flex', gap: 8, overflowX: 'auto', marginTop: 6 },
  coupon: { flex: '0 0 110px', padding: '8px 6px', background: '#fff1f0', color: '#cf1322', borderRadius: 6, fontSize: 12, textAlign: 'center' },
};

const ICONS: Record<string, string> = { coupons: '券', booking: '约', measure: '量', memberCode: '码', pay: '付', invite: '邀' };

export function PhoneFrame({ home, tierName, storeName, templates }: { home: HomeView; tierName: string | null; storeName: string | null; templates: TemplateView[] }) {
  const coupons = home.featuredCouponIds.map((id) => templates.find((t) => t.id === id)).filter((t): t is TemplateView => Boolean(t));
  return (
    <div style={S.phone} data-testid="phone-preview">
      <div style={S.bar}>HomeClub 家居</div>
      <div style={S.screen}>
        {home.banners.length > 0 ? (
          <Carousel autoplay dots={home.banners.length > 1}>
            {home.banners.map((b) => (
              <div key={b.id} data-testid={`preview-banner-${b.id}`}>
                <div style={S.banner}>
                  <img src={b.image} alt={b.title} style={S.bannerImg} />
                  <span style={S.bannerTitle}>{b.title}</span>
                </div>
              </div>
            ))}
          </Carousel>
        ) : (
          <div style={S.empty}>（没有横幅）</div>
        )}
        {home.notice && (
          <div style={S.notice} data-testid="preview-notice">
            <b>公告</b> {home.notice.text}
            {home.notice.link?.kind === 'page' ? ` › ${PAGE_NAMES[home.notice.link.page]}` : home.notice.link ? ' ›' : ''}
          </div>
        )}
        <div style={S.card}>
          <div>欢迎回来</div>
          <div>{tierName ?? '未登录'}</div>
        </div>
        <div style={S.grid}>
          {home.shortcuts.map((s) => (
            <div key={s.key} style={S.cell}>
              <i style={S.icon}>{ICONS[s.key]}</i>
              <span>{s.label}</span>
            </div>
          ))}
        </div>
        {coupons.length > 0 && (
          <div style={S.section}>
            <div style={{ fontWeight: 600 }}>领券中心</div>
            <div style={S.row}>
              {coupons.map((t) => (
                <div key={t.id} style={S.coupon}>{t.name}</div>
              ))}
            </div>
          </div>
        )}
        <div style={S.section}>{storeName ? `离你最近 · ${storeName}` : '离你最近的门店'}</div>
      </div>
    </div>
  );
}

export function PhonePreview({ config, templates, tiers }: { config: HomeConfigInput; templates: TemplateView[]; tiers: { value: string; label: string }[] }) {
  const { stores } = useSession();
  const [tier, setTier] = useState<string | undefined>(tiers[0]?.value);
  const [storeId, setStoreId] = useState<string | undefined>(stores[0]?.id);
  const [at, setAt] = useState<Dayjs | null>(null);
  const [home, setHome] = useState<HomeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(config);

  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      call('consolePreviewHome', { body: { config, tier, storeId, at: at ? instantOf(at) : undefined }, signal: ctrl.signal }).then(
        (h) => {
          setHome(h);
          setError(null);
        },
        (e: unknown) => !ctrl.signal.aborted && setError(`预览未更新：${messageOf(e)}（请检查左侧填写）`),
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tier, storeId, at]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select style={{ width: 120 }} value={tier ?? ''} onChange={(v) => setTier(v || undefined)} options={[{ value: '', label: '未登录' }, ...tiers]} data-testid="preview-tier" />
        <Select style={{ width: 140 }} value={storeId ?? ''} onChange={(v) => setStoreId(v || undefined)} options={[{ value: '', label: '未定位门店' }, ...stores.map((s) => ({ value: s.id, label: s.name }))]} data-testid="preview-store" />
        {/* Shanghai wall time; no 此刻 (it is the browser's clock, hours off outside China): empty is now */}
        <DatePicker showTime showNow={false} value={at} onChange={setAt} placeholder="现在" format="YYYY-MM-DD HH:mm" />
      </Space>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {home ? (
        <PhoneFrame home={home} templates={templates} tierName={tiers.find((t) => t.value === tier)?.label ?? null} storeName={stores.find((s) => s.id === storeId)?.name ?? null} />
      ) : (
        <Spin />
      )}
    </Space>
  );
}
