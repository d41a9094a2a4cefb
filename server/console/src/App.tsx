/** The console app: zh_CN Ant Design, session check, login page or the shell with its routes. */
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { consoleRoutes, DEFAULT_PATH } from './routes';
import { SessionProvider, useSessionPhase } from './session';
import { LoginPage } from './pages/login';
import { ErrorState, LoadingState } from './components/states';

dayjs.locale('zh-cn');

function Root() {
  const { phase, check, signedIn, signedOut } = useSessionPhase();
  if (phase.kind === 'checking') return <LoadingState />;
  if (phase.kind === 'error') return <ErrorState error={phase.error} onRetry={check} />;
  if (phase.kind === 'signed-out') return <LoginPage onSignedIn={signedIn} />;
  return (
    <SessionProvider user={phase.user} onSignedOut={signedOut}>
      <Routes>
        <Route element={<ConsoleLayout />}>
          <Route index element={<Navigate to={`/${DEFAULT_PATH}`} replace />} />
          {consoleRoutes
            .filter((r) => !r.adminOnly || phase.user.role === 'admin')
            .map((r) => (
              <Route key={r.path} path={r.path} element={r.element} />
            ))}
          <Route path="*" element={<ErrorState error={{}} />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#8c5a2b' } }}>
      <AntApp>
        <BrowserRouter basename="/console">
          <Root />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
