/** App root: silent login on launch; pages read the member with useSession(). */
import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { bootstrapSession } from './services/session';
import { installBrowserShell } from './platform/browser-shell';
import { installPageNotFound } from './platform/page-not-found';
import { loadMessageTemplates } from './platform/message-templates';
import './app.css';
// the rest of the global styles, by area; the order is the cascade order app.css had as one file
import './styles/home-mine.css';
import './styles/member.css';
import './styles/coupons.css';
import './styles/orders.css';
import './styles/booking.css';

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
