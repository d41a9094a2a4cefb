/**
 * The one guard in front of a page's content, in this order: a required parameter missing (`missing` = the
 * message, no retry), not signed in yet (「正在登录…」, or the login error with a retry; skipped for `anonymous` pages
 * that show public data), a staff page opened by an
 * admin who is not staff of a store (`needsStore`: why the page needs one), the page's own load (loading, or its
 * error with `onRetry`). Only when all pass are `children` rendered.
 */
import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { hasRole, login, useSession } from '../services/session';
import { showErrorToast } from '../services/api';
import { EmptyState, ErrorState, LoadingState } from './StateView';

export type GateLoad = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };

interface Props {
  missing?: string | null;
  anonymous?: boolean;
  needsStore?: { id: string; description: string; icon?: string };
  load?: GateLoad;
  onRetry?: () => void;
  errorId?: string;
  loadingText?: string;
  children: () => ReactNode;
}

export function PageGate(props: Props) {
  const { member, status, error } = useSession();
  const { missing, anonymous, needsStore, load, onRetry, errorId, loadingText = '加载中…' } = props;
  const box = (body: ReactNode) => (
    <View className='page'>
      <View className='card'>{body}</View>
    </View>
  );
  const loading = (text: string) => (
    <View className='page'>
      <LoadingState text={text} />
    </View>
  );
  if (missing) return box(<ErrorState id={errorId} message={missing} />);
  if (!member && !anonymous) {
    return status === 'error'
      ? box(<ErrorState message={error ?? '登录失败，请稍后重试'} onRetry={() => void login().catch(showErrorToast)} />)
      : loading('正在登录…');
  }
  if (needsStore && member && hasRole(member, 'admin') && !member.staffStoreId) {
    return box(<EmptyState id={needsStore.id} icon={needsStore.icon ?? '店'} title='您是管理员，暂未归属门店' description={needsStore.description} />);
  }
  if (load?.status === 'loading') return loading(loadingText);
  if (load?.status === 'error') return box(<ErrorState id={errorId} message={load.message} onRetry={onRetry} />);
  return <>{props.children()}</>;
}
