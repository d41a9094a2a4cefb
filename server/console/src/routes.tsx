/**
 * The console's menu and route table, in one place: each entry is a left-menu
 * item (unless `hidden`) and a route under /console/. Pages live in pages/<name>/.
 * `adminOnly` entries are hidden from store managers (the server refuses them too).
 */
import type { ReactNode } from 'react';
import { AimOutlined, AuditOutlined, CalendarOutlined, DashboardOutlined, ProfileOutlined, ReconciliationOutlined, TeamOutlined } from '@ant-design/icons';
import { DashboardPage } from './pages/dashboard';
import { MembersPage } from './pages/members';
import { MemberPage } from './pages/member';
import { OrdersPage } from './pages/orders';
import { BookingsPage } from './pages/bookings';
import { ReconciliationPage } from './pages/reconciliation';
import { AuditPage } from './pages/audit';
// console II: settings screens
import { ShopOutlined } from '@ant-design/icons';
import { StoresPage } from './pages/stores';
import { StorePage } from './pages/stores/detail';
import { GiftOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { CouponsPage } from './pages/coupons';
import { VerificationsPage } from './pages/coupons/verifications';
import { CrownOutlined } from '@ant-design/icons';
import { MembershipSettingsPage } from './pages/membership';
import { GuidesPage } from './pages/guides';
import { CampaignsPage, InsightSettingsPage, RfmPage, SegmentsPage, StagesPage } from './pages/insight';
// ops: staff, points approvals, ledger audit, referrals, messages
import { AccountBookOutlined, FileDoneOutlined, SolutionOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { StaffPage } from './pages/staff';
import { PointsApprovalsPage } from './pages/points';
import { LedgerAuditPage } from './pages/ledger';
import { MessageOutlined } from '@ant-design/icons';
import { MessagesPage } from './pages/messages';
// 首页装修
import { LayoutOutlined } from '@ant-design/icons';
import { ContentPage } from './pages/content';
import { ReferralsPage } from './pages/referrals';

export interface ConsoleRoute {
  path: string;
  label: string;
  icon?: ReactNode;
  element: ReactNode;
  hidden?: boolean;
  /** the left-menu submenu the entry sits in (entries of one group share a submenu) */
  group?: string;
  adminOnly?: boolean;
}

export const DEFAULT_PATH = 'dashboard';

export const consoleRoutes: ConsoleRoute[] = [
  { path: 'dashboard', label: '概览', icon: <DashboardOutlined />, element: <DashboardPage /> },
  { path: 'members', label: '会员', icon: <TeamOutlined />, element: <MembersPage /> },
  { path: 'members/:memberId', label: '会员详情', element: <MemberPage />, hidden: true },
  { path: 'orders', label: '订单', icon: <ProfileOutlined />, element: <OrdersPage /> },
  { path: 'bookings', label: '预约', icon: <CalendarOutlined />, element: <BookingsPage /> },
  { path: 'guides', label: '导购', icon: <ShopOutlined />, element: <GuidesPage /> },
  { path: 'reconciliation', label: '对账', icon: <ReconciliationOutlined />, element: <ReconciliationPage />, adminOnly: true },
  { path: 'insight/stages', label: '生命周期', group: '会员洞察', icon: <AimOutlined />, element: <StagesPage />, adminOnly: true },
  { path: 'insight/rfm', label: 'RFM 分析', group: '会员洞察', element: <RfmPage />, adminOnly: true },
  { path: 'insight/segments', label: '人群', group: '会员洞察', element: <SegmentsPage />, adminOnly: true },
  { path: 'insight/campaigns', label: '营销活动', group: '会员洞察', element: <CampaignsPage />, adminOnly: true },
  { path: 'insight/settings', label: '洞察设置', group: '会员洞察', element: <InsightSettingsPage />, adminOnly: true },
  { path: 'audit', label: '审计日志', icon: <AuditOutlined />, element: <AuditPage />, adminOnly: true },
  // console II: settings screens
  { path: 'stores', label: '门店', icon: <ShopOutlined />, element: <StoresPage /> },
  { path: 'stores/:storeId', label: '门店详情', element: <StorePage />, hidden: true },
  { path: 'coupons', label: '优惠券', icon: <GiftOutlined />, element: <CouponsPage />, adminOnly: true },
  { path: 'verifications', label: '核销记录', icon: <SafetyCertificateOutlined />, element: <VerificationsPage /> },
  { path: 'settings/membership', label: '会员设置', icon: <CrownOutlined />, element: <MembershipSettingsPage />, adminOnly: true },
  // ops: staff, points approvals, ledger audit, referrals, messages
  { path: 'staff', label: '员工与权限', icon: <SolutionOutlined />, element: <StaffPage /> },
  { path: 'points-approvals', label: '积分审批', icon: <FileDoneOutlined />, element: <PointsApprovalsPage />, adminOnly: true },
  { path: 'ledger-audits', label: '账务核对', icon: <AccountBookOutlined />, element: <LedgerAuditPage />, adminOnly: true },
  // 首页装修
  { path: 'content/home', label: '首页装修', icon: <LayoutOutlined />, element: <ContentPage />, adminOnly: true },
  { path: 'settings/messages', label: '消息模板', icon: <MessageOutlined />, element: <MessagesPage />, adminOnly: true },
  { path: 'referrals', label: '合伙人', icon: <UsergroupAddOutlined />, element: <ReferralsPage />, adminOnly: true },
];
