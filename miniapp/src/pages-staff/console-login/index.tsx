/**
 * Staff subpackage: 确认登录后台. Opened by scanning the console's login QR code
 * (weapp: a mini-program code whose scene is `t=<ticket>`; H5 demo: a link with
 * `?ticket=`). An admin or store manager confirms; the console then signs in.
 */
import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { StaffConsoleTicketView } from '@homeclub/shared';
import { call } from '../../services/api';
import { PageGate } from '../../components/PageGate';

const NO_TICKET = '二维码无效，请在电脑端刷新二维码后重新扫码';

/** The ticket from `?ticket=` or from a mini-program code's `scene=t%3D<ticket>`. */
export function ticketFromParams(params: Record<string, string | undefined>): string {
  if (params.ticket) return params.ticket;
  const scene = decodeURIComponent(params.scene ?? '');
  return scene.startsWith('t=') ? scene.slice(2) : '';
}

type View_ = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; ticket: StaffConsoleTicketView };

const STATE_TEXT: Record<StaffConsoleTicketView['state'], string> = {
  pending: '电脑端正在请求登录 HomeClub 运营后台',
  confirmed: '已确认，电脑端即将进入后台',
  used: '已登录，可以关闭此页面',
  expired: '二维码已过期，请在电脑端刷新二维码后重新扫码',
};

export default function ConsoleLoginPage() {
  const { params } = useRouter();
  const ticketId = ticketFromParams(params);
  const [view, setView] = useState<View_>({ status: 'loading' });
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!ticketId) {
      setView({ status: 'error', message: NO_TICKET });
      return;
    }
    setView({ status: 'loading' });
    try {
      setView({ status: 'ready', ticket: await call('staffConsoleTicket', { params: { ticketId }, toast: false }) });
    } catch (err) {
      setView({ status: 'error', message: err instanceof Error ? err.message : '加载失败，请重试' });
    }
  }, [ticketId]);
  useEffect(() => void load(), [load]);

  const confirm = async () => {
    setBusy(true);
    try {
      const ticket = await call('staffConsoleConfirm', { params: { ticketId }, toast: false });
      setView({ status: 'ready', ticket });
      void Taro.showToast({ title: '已确认登录', icon: 'success' });
    } catch (err) {
      setView({ status: 'error', message: err instanceof Error ? err.message : '确认失败，请重试' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageGate
      missing={ticketId ? null : NO_TICKET}
      load={view}
      loadingText='正在读取登录请求…'
      errorId='console-login-error'
      onRetry={() => void load()}
    >
      {() => (view.status === 'ready' ? renderTicket(view.ticket) : null)}
    </PageGate>
  );

  function renderTicket(ticket: StaffConsoleTicketView) {
    return (
      <View className='page page--staff'>
        <View className='card staff-code'>
          <Text className='staff-code__title'>登录运营后台</Text>
          <Text className='staff-code__desc' id='console-login-state'>
            {ticket.allowed ? STATE_TEXT[ticket.state] : '该账号没有后台权限，仅管理员和店长可以登录'}
          </Text>
          {ticket.allowed && ticket.state === 'pending' ? (
            <Button id='console-login-confirm' className='btn btn--primary btn--block' loading={busy} disabled={busy} onClick={() => void confirm()}>
              确认登录
            </Button>
          ) : null}
        </View>
      </View>
    );
  }
}
