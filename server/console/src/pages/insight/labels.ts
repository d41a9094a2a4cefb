/** Names and colours of member-insight terms, shared by the insight pages. */
import { RFM_GROUPS, STAGES, type RfmGroup, type Stage } from '@homeclub/shared';

export { RFM_GROUPS, STAGES };
export type { RfmGroup, Stage };

export const STAGE_COLOR: Record<Stage, string> = {
  潜客: '#bfbfbf',
  意向: '#69b1ff',
  新客: '#95de64',
  活跃: '#389e0d',
  沉睡: '#faad14',
  流失: '#f5222d',
  回流: '#9254de',
};

export const STAGE_HINT: Record<Stage, string> = {
  潜客: '已注册，尚未预约或购买',
  意向: '预约或到店过，尚未购买',
  新客: '首单在新客期内',
  活跃: '近期有购买或到店',
  沉睡: '较长时间无活动',
  流失: '超过流失阈值无活动',
  回流: '沉睡或流失后再次活跃',
};

export const RFM_HINT: Record<RfmGroup, string> = {
  重要价值: '近期买过、常买、花得多',
  重要发展: '近期买过、花得多，但不常买',
  重要保持: '常买、花得多，但很久没来',
  重要挽留: '花得多，但不常买且很久没来',
  一般价值: '近期买过、常买，但花得少',
  一般发展: '近期买过，但不常买、花得少',
  一般保持: '常买，但很久没来、花得少',
  一般挽留: '很久没来、不常买、花得少',
};

export const RUN_STATE: Record<string, { text: string; color: string }> = {
  running: { text: '执行中', color: 'processing' },
  deferred: { text: '免打扰顺延', color: 'warning' },
  done: { text: '已完成', color: 'success' },
};

export const CAMPAIGN_STATUS: Record<string, { text: string; color: string }> = {
  active: { text: '进行中', color: 'green' },
  paused: { text: '已暂停', color: 'orange' },
  ended: { text: '已结束', color: 'default' },
};
