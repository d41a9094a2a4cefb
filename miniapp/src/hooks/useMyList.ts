/**
 * A signed-in shopper's list (我的订单, 我的预约): read once the member is
 * known, re-read quietly when the page is shown again (paid, rescheduled or
 * cancelled meanwhile). `load(false)` shows loading and a failure; a quiet
 * reload keeps what is on screen. Only the newest answer is kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { useSession } from '../services/session';

export type ListState<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: T[] };

export function useMyList<T>(read: () => Promise<{ items: T[] }>, failText: string) {
  const { member } = useSession();
  const memberId = member?.id;
  const [list, setList] = useState<ListState<T>>({ status: 'loading' });
  const latest = useRef(0);
  const reader = useRef({ read, failText });
  reader.current = { read, failText };

  const load = useCallback(async (quiet: boolean) => {
    const seq = ++latest.current;
    if (!quiet) setList({ status: 'loading' });
    try {
      const res = await reader.current.read();
      if (seq === latest.current) setList({ status: 'ready', items: res.items });
    } catch (err) {
      if (seq === latest.current && !quiet) setList({ status: 'error', message: err instanceof Error ? err.message : reader.current.failText });
    }
  }, []);

  useEffect(() => {
    if (memberId) void load(false);
  }, [memberId, load]);

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && list.status === 'ready') void load(true);
    shown.current = true;
  });

  return { member, list, load };
}
