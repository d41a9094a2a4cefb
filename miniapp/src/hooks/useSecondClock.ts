/** Date.now(), refreshed just after every whole second while the page is shown (stops while it is hidden). */
import { useEffect, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

export function useSecondClock(): number {
  const [now, setNow] = useState(() => Date.now());
  const [shown, setShown] = useState(true);
  useDidShow(() => {
    setShown(true);
    setNow(Date.now());
  });
  useDidHide(() => setShown(false));
  useEffect(() => {
    if (!shown) return undefined;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(() => {
        setNow(Date.now());
        schedule();
      }, 1000 - (Date.now() % 1000) + 5);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [shown]);
  return now;
}
