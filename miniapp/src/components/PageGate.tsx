/**
 * The one guard in front of a page's content, in this order: a required parameter missing (`missing` = the
 * message, no retry), not signed in yet (「正在登录…」, or the login error with a retry), the page's own load
 * (loading, or its error with `onRetry`). Only when all pass are `children` rendered.
 */
import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { login, useSession } from '../services/session';
import { showErrorToast } from '../services/api';
import { ErrorState, LoadingState } from './StateView';

export type GateLoad = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };

export function PageGate(props: { missing?: string | null; load?: GateLoad; onRetry?: () => void; errorId?: string; loadingText?: string; children: () => ReactNode }) {
  const { member, status, error } = useSession();
  const { missing, load, onRetry, errorId, loadingText = '加载中…' } = props;
  const box = (body: ReactNode) => (
    <View className='page'>
      <View className='card'>{body}</View>
    </View>
  );
  if (missing) return box(<ErrorState id={errorId} message={missing} />);
  if (!member) {
    return status === 'error' ? (
      box(<ErrorState message={error ?? '登录失败，请稍后重试'} onRetry={() => void login().catch(showErrorToast)} />)
    ) : (
      <View className='page'>
        <LoadingState text='正在登录…' />
      </View>
    );
  }
  if (load?.status === 'loading') {
    return (
      <View className='page'>
        <LoadingState text={loadingText} />
      </View>
    );
  }
  if (load?.status === 'error') return box(<ErrorState id={errorId} message={load.message} onRetry={onRetry} />);
  return <>{props.children()}</>;
}
