/**
 * The console's menu and route table, in one place: each entry is a left-menu
 * item (unless `hidden`) and a route under /console/. Pages live in pages/<name>/.
 * `adminOnly` entries are hidden from store managers (the server refuses them too).
 */
import type { ReactNode } from 'react';
import { DashboardOutlined } from '@ant-design/icons';
import { DashboardPage } from './pages/dashboard';

export interface ConsoleRoute {
  path: string;
  label: string;
  icon?: ReactNode;
  element: ReactNode;
  hidden?: boolean;
  adminOnly?: boolean;
}

export const DEFAULT_PATH = 'dashboard';

export const consoleRoutes: ConsoleRoute[] = [
  { path: 'dashboard', label: '概览', icon: <DashboardOutlined />, element: <DashboardPage /> },
];
