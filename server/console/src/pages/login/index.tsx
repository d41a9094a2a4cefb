/**
 * 扫码登录: a one-time ticket shown as a QR code (2 minutes); the page polls until a
 * staff member with console rights confirms it in the mini-program, then the server
 * sets the session cookie. In sim mode 「演示管理员登录」 signs in the seeded admin.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Divider, Space, Typography } from 'antd';
import type { ConsoleTicketResponse, ConsoleUser } from '@homeclub/shared';
import { call, messageOf } from '../../api/client';

const POLL_MS = 1500;

export function LoginPage({ onSignedIn }: { onSignedIn: (u: ConsoleUser) => void }) {
  const [ticket, setTicket] = useState<ConsoleTicketResponse | null>(null);
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fresh = useCallback(() => {
    setError(null);
    setExpired(false);
    call('consoleLoginTicket').then(setTicket, (e: unknown) => setError(messageOf(e)));
  }, []);
  useEffect(fresh, [fresh]);

  useEffect(() => {
    if (!ticket || expired) return;
    let stopped = false;
    const timer = setInterval(() => {
      call('consoleLoginPoll', { params: { ticketId: ticket.ticketId }, body: { pollToken: ticket.pollToken } }).then(
        (r) => {
          if (stopped) return;
          if (r.state === 'used' && r.user) onSignedIn(r.user);
          else if (r.state === 'expired') setExpired(true);
        },
        (e: unknown) => !stopped && setError(messageOf(e)),
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [ticket, expired, onSignedIn]);

  const demo = () =>
    call('consoleDemoLogin').then(
      (r) => onSignedIn(r.user),
      (e: unknown) => setError(messageOf(e)),
    );

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f1ec' }}>
      <Card style={{ width: 420, textAlign: 'center' }} title="HomeClub 运营后台">
        <Typography.Paragraph>请使用小程序「门店工作台」扫码登录</Typography.Paragraph>
        {ticket && !expired ? (
          // The SVG comes from our own server's QR encoder (no scripts in it).
          <div
            data-testid="login-qr"
            data-qr-content={ticket.qrContent}
            style={{ width: 220, height: 220, margin: '0 auto' }}
            dangerouslySetInnerHTML={{ __html: ticket.qrSvg }}
          />
        ) : (
          <div style={{ height: 220, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            {expired ? (
              <Space direction="vertical">
                <Typography.Text type="secondary">二维码已过期</Typography.Text>
                <Button onClick={fresh}>刷新二维码</Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">正在生成二维码…</Typography.Text>
            )}
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          仅连锁管理员和店长可以登录；二维码 2 分钟内有效，只能使用一次。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="login-error" />}
        <Divider plain>演示环境</Divider>
        <Button block onClick={() => void demo()} data-testid="demo-admin-login">
          演示管理员登录
        </Button>
      </Card>
    </div>
  );
}
