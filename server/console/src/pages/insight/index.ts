/** 会员洞察: lifecycle stages, RFM groups, segments, campaigns and their settings (chain admins). */
export { StagesPage } from './stages';
export { RfmPage } from './rfm';
export { SegmentsPage } from './segments';
export { CampaignsPage } from './campaigns';
export { InsightSettingsPage } from './settings';
