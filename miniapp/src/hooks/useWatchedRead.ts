/**
 * Read something from the server and, while a payment is being confirmed,
 * keep re-reading it: `poll(deadline)` reads now and then every
 * ORDER_POLL_MS while `settling(value)` holds, until the deadline (then
 * `watch` is 'timedOut'); `poll(null)` reads once. Starting again (or `stop`)
 * ends the previous run, so an old answer never overwrites a newer one. A
 * failed first read is shown; later failures keep the last answer.
 * Used by 订单详情 and 预约详情.
 */
import { useCallback, useRef, useState } from 'react';
import { ORDER_POLL_MS } from '../services/checkout';

export type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };
/** idle: not watching; watching: polling for the payment result; timedOut: gave up polling. */
export type Watch = 'idle' | 'watching' | 'timedOut';

export function useWatchedRead<T>(read: () => Promise<T>, settling: (value: T) => boolean, failText: string) {
  const [detail, setDetail] = useState<Loaded<T>>({ status: 'loading' });
  const [watch, setWatch] = useState<Watch>('idle');
  const run = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The latest read/settling of the page (they close over its id) without restarting runs.
  const latest = useRef({ read, settling, failText });
  latest.current = { read, settling, failText };

  const poll = useCallback((deadline: number | null) => {
    const mine = ++run.current;
    if (timer.current) clearTimeout(timer.current);
    const tick = async () => {
      if (mine !== run.current) return;
      try {
        const value = await latest.current.read();
        if (mine !== run.current) return;
        setDetail({ status: 'ready', value });
        if (!latest.current.settling(value) || deadline === null) {
          setWatch('idle');
          return;
        }
      } catch (err) {
        if (mine !== run.current) return;
        // keep showing the last answer; a first failure is shown
        const message = err instanceof Error && err.message ? err.message : latest.current.failText;
        setDetail((prev) => (prev.status === 'ready' ? prev : { status: 'error', message }));
        if (deadline === null) return;
      }
      if (Date.now() + ORDER_POLL_MS > deadline) {
        setWatch('timedOut');
        return;
      }
      timer.current = setTimeout(() => void tick(), ORDER_POLL_MS);
    };
    setWatch(deadline === null ? 'idle' : 'watching');
    void tick();
  }, []);

  const stop = useCallback(() => {
    run.current++;
    if (timer.current) clearTimeout(timer.current);
  }, []);

  /** Show an answer the page got itself (pay, cancel, reschedule). */
  const show = useCallback((value: T) => setDetail({ status: 'ready', value }), []);

  return { detail, setDetail, show, watch, setWatch, poll, stop };
}
