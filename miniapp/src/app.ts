/** App root: silent login on launch; pages read the member with useSession(). */
import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { bootstrapSession } from './services/session';
import { installBrowserShell } from './platform/browser-shell';
import { installPageNotFound } from './platform/page-not-found';
import { loadMessageTemplates } from './platform/message-templates';
import './app.css';

installBrowserShell();
installPageNotFound();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void bootstrapSession();
    // WeChat asks consent for the chain's subscribe-message templates inside taps: have the ids ready.
    if (process.env.TARO_ENV === 'weapp') void loadMessageTemplates();
  });
  // children are the pages
  return children;
}

export default App;
