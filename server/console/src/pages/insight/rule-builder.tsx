/**
 * The segment rule builder: a list of conditions joined by 且 / 或 (one level,
 * as the server's rule allows), each a field and its value editor. Produces
 * the contract's SegmentRule; invalid parts stay out until they are complete.
 */
import { Button, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SegmentCondition, SegmentRule } from '@homeclub/shared';
import { TIERS } from '../../components/format';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { RFM_GROUPS, STAGES } from './labels';

export type Draft = { op: 'and' | 'or'; rows: Row[] };
/** `guide`: values[0] is any / none / in, the guide ids follow */
export type Row = { field: Field; values: (string | number)[]; days?: number | null; older?: boolean };
type Field = 'stage' | 'rfmGroup' | 'tier' | 'lastPurchase' | 'lastVisit' | 'bookedNotBought' | 'birthdayMonth' | 'partner' | 'tags' | 'guide';

const FIELDS: { value: Field; label: string }[] = [
  { value: 'stage', label: '生命周期阶段' },
  { value: 'rfmGroup', label: 'RFM 客群' },
  { value: 'tier', label: '会员等级' },
  { value: 'lastPurchase', label: '最近购买' },
  { value: 'lastVisit', label: '最近到店' },
  { value: 'bookedNotBought', label: '预约未购买' },
  { value: 'birthdayMonth', label: '生日月份' },
  { value: 'partner', label: '是否合伙人' },
  { value: 'tags', label: '手工标签' },
  { value: 'guide', label: '专属导购' },
];

const options = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }));

export const emptyDraft = (): Draft => ({ op: 'and', rows: [{ field: 'stage', values: ['沉睡'] }] });

function toCondition(r: Row): SegmentCondition | null {
  switch (r.field) {
    case 'stage':
    case 'rfmGroup':
    case 'tier':
      return r.values.length ? ({ field: r.field, in: r.values as string[] } as SegmentCondition) : null;
    case 'birthdayMonth':
      return r.values.length ? { field: 'birthdayMonth', in: r.values as number[] } : null;
    case 'tags':
      return r.values.length ? { field: 'tags', any: r.values as string[] } : null;
    case 'partner':
      return { field: 'partner', is: r.values[0] !== 'no' };
    case 'guide': {
      const [mode, ...ids] = r.values as string[];
      if (mode === 'any' || mode === 'none') return { field: 'guide', has: mode };
      return ids.length ? { field: 'guide', has: ids } : null;
    }
    case 'bookedNotBought':
      return r.days ? { field: 'bookedNotBought', withinDays: r.days } : null;
    case 'lastPurchase':
    case 'lastVisit':
      return r.days ? { field: r.field, ...(r.older ? { olderThanDays: r.days } : { withinDays: r.days }) } : null;
  }
}

/** The rule to send, or null while no condition is complete. */
export function toRule(d: Draft): SegmentRule | null {
  const rules = d.rows.map(toCondition).filter((c): c is SegmentCondition => c !== null);
  return rules.length ? { op: d.op, rules } : null;
}

export function RuleBuilder({ value, onChange }: { value: Draft; onChange: (d: Draft) => void }) {
  const set = (i: number, row: Partial<Row>) => onChange({ ...value, rows: value.rows.map((r, k) => (k === i ? { ...r, ...row } : r)) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rule-builder">
      <Space>
        <Typography.Text>满足以下</Typography.Text>
        <Radio.Group value={value.op} onChange={(e) => onChange({ ...value, op: e.target.value })} optionType="button" size="small" options={[{ value: 'and', label: '全部条件' }, { value: 'or', label: '任一条件' }]} />
      </Space>
      {value.rows.map((r, i) => (
        <Space key={i} wrap data-testid={`rule-row-${i}`}>
          <Select style={{ width: 140 }} value={r.field} options={FIELDS} onChange={(field: Field) => set(i, { field, values: field === 'partner' ? ['yes'] : field === 'guide' ? ['any'] : [], days: field === 'bookedNotBought' || field.startsWith('last') ? 30 : null, older: false })} />
          <ValueEditor row={r} onChange={(row) => set(i, row)} />
          <Button type="text" icon={<DeleteOutlined />} disabled={value.rows.length === 1} onClick={() => onChange({ ...value, rows: value.rows.filter((_, k) => k !== i) })} aria-label="删除条件" />
        </Space>
      ))}
      <Button type="dashed" icon={<PlusOutlined />} disabled={value.rows.length >= 20} onClick={() => onChange({ ...value, rows: [...value.rows, { field: 'tier', values: [] }] })}>
        添加条件
      </Button>
    </Space>
  );
}

function ValueEditor({ row, onChange }: { row: Row; onChange: (r: Partial<Row>) => void }) {
  const multi = (opts: { value: string | number; label: string }[], placeholder: string, tags = false) => (
    <Select mode={tags ? 'tags' : 'multiple'} style={{ minWidth: 260 }} placeholder={placeholder} options={opts} value={row.values} onChange={(values) => onChange({ values })} data-testid="rule-values" />
  );
  switch (row.field) {
    case 'stage':
      return multi(options(STAGES), '选择阶段');
    case 'rfmGroup':
      return multi(options(RFM_GROUPS), '选择客群');
    case 'tier':
      return multi(TIERS, '选择等级');
    case 'birthdayMonth':
      return multi(MONTHS, '选择月份');
    case 'tags':
      return multi([], '输入标签后回车', true);
    case 'partner':
      return <Select style={{ width: 120 }} value={row.values[0] ?? 'yes'} options={[{ value: 'yes', label: '是合伙人' }, { value: 'no', label: '不是合伙人' }]} onChange={(v) => onChange({ values: [v] })} />;
    case 'guide':
      return <GuideEditor row={row} onChange={onChange} />;
    case 'bookedNotBought':
      return (
        <Space>
          近 <InputNumber min={1} max={3650} value={row.days} onChange={(days) => onChange({ days })} /> 天内预约或到店、之后未购买
        </Space>
      );
    case 'lastPurchase':
    case 'lastVisit':
      return (
        <Space>
          <Select style={{ width: 110 }} value={row.older ? 'older' : 'within'} options={[{ value: 'within', label: '在最近' }, { value: 'older', label: '已超过' }]} onChange={(v) => onChange({ older: v === 'older' })} />
          <InputNumber min={1} max={3650} value={row.days} onChange={(days) => onChange({ days })} /> 天
        </Space>
      );
  }
}

/** 专属导购: 有导购 / 无导购 / 是以下导购之一 (picked from the console's guide list). */
function GuideEditor({ row, onChange }: { row: Row; onChange: (r: Partial<Row>) => void }) {
  const [mode = 'any', ...ids] = row.values as string[];
  const guides = useApi((signal) => (mode === 'in' ? call('consoleGuides', { query: {}, signal }) : Promise.resolve(null)), [mode]);
  const options = (guides.data?.items ?? []).map((g) => ({ value: g.memberId, label: `${g.nickname} · ${g.storeName}${g.status === 'left' ? '（已停用）' : ''}` }));
  return (
    <Space>
      <Select
        style={{ width: 150 }}
        value={mode}
        data-testid="rule-guide-mode"
        options={[
          { value: 'any', label: '有专属导购' },
          { value: 'none', label: '没有专属导购' },
          { value: 'in', label: '是以下导购的客户' },
        ]}
        onChange={(m: string) => onChange({ values: [m] })}
      />
      {mode === 'in' && (
        <Select mode="multiple" style={{ minWidth: 260 }} placeholder="选择导购" loading={guides.loading} options={options} value={ids} onChange={(v: string[]) => onChange({ values: ['in', ...v] })} data-testid="rule-guides" optionFilterProp="label" />
      )}
    </Space>
  );
}
