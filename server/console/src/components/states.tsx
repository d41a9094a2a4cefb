/** The console's empty / loading / error states, used by every page. */
import type { ReactNode } from 'react';
import { Button, Empty, Result, Spin } from 'antd';
import { ApiError, messageOf } from '../api/client';
import type { ApiState } from '../api/use-api';

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  return (
    <Result
      status={
        error instanceof ApiError && error.status === 403
          ? '403'
          : error instanceof ApiError && error.status === 404
            ? '404'
            : 'error'
      }
      title={messageOf(error)}
      subTitle={<span data-testid="error-code">错误码 {code}</span>}
      extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  );
}

export function LoadingState() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin tip="加载中…">
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

export function EmptyState({ text = '暂无数据' }: { text?: string }) {
  return <Empty description={text} />;
}

/** Renders loading, error (with retry) or the content; `isEmpty` shows the empty state. */
export function Loadable<T>({
  state,
  isEmpty,
  empty,
  children,
}: {
  state: ApiState<T>;
  isEmpty?: (d: T) => boolean;
  empty?: string;
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <LoadingState />;
  if (isEmpty?.(state.data)) return <EmptyState text={empty} />;
  return <>{children(state.data)}</>;
}
