/** App root: silent login on launch; pages read the member with useSession(). */
import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { bootstrapSession } from './services/session';
import { installBrowserShell } from './platform/browser-shell';
import { installPageNotFound } from './platform/page-not-found';
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
  });
  // children are the pages
  return children;
}

export default App;
