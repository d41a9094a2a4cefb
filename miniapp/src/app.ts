/** App root: silent login on launch; pages read the member with useSession(). */
import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { bootstrapSession } from './services/session';
import { installBrowserShell } from './platform/browser-shell';
import { installPageNotFound } from './platform/page-not-found';
import './app.css';

installBrowserShell();
installPageNotFound();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void bootstrapSession();
  });
  // children are the pages
  return children;
}

export default App;
