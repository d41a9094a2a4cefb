/**
 * H5 demo only: 「演示：切换顾客」 opens a chooser with the simulator's demo
 * users (shoppers, staff, admin) plus 「新顾客（首次登录）」. Choosing signs out,
 * remembers the identity and logs in again as it.
 */
import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { login, signOut } from '../services/session';
import { showErrorToast } from '../services/api';
import { EmptyState, ErrorState, LoadingState } from '../components/StateView';
import { getDemoOpenid, listDemoUsers, setDemoOpenid, type DemoUser } from './sim.h5';
import './demo.h5.css';

type Users = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: DemoUser[] };

export function DemoSwitchEntry() {
  const [open, setOpen] = useState(false);
  const [users, setUsers] = useState<Users>({ status: 'loading' });
  const [switching, setSwitching] = useState(false);

  const load = useCallback(async () => {
    setUsers({ status: 'loading' });
    try {
      setUsers({ status: 'ready', items: await listDemoUsers() });
    } catch (err) {
      setUsers({ status: 'error', message: err instanceof Error ? err.message : '加载失败' });
    }
  }, []);

  const openChooser = () => {
    setOpen(true);
    void load();
  };

  const choose = async (openid: string | null) => {
    if (switching) return;
    setSwitching(true);
    try {
      await signOut();
      setDemoOpenid(openid);
      await login();
      setOpen(false);
    } catch (err) {
      showErrorToast(err);
    } finally {
      setSwitching(false);
    }
  };

  const current = getDemoOpenid();

  return (
    <View className='demo-switch'>
      <View className='cell' id='switch-shopper' onClick={openChooser}>
        <Text className='cell__title'>演示：切换顾客</Text>
        <Text className='cell__arrow'>›</Text>
      </View>
      {open ? (
        <View className='modal'>
          <View className='modal__mask' onClick={() => !switching && setOpen(false)} />
          <View className='modal__panel'>
            <Text className='modal__title'>选择演示身份</Text>
            <Text className='modal__hint'>仅本地演示可用：切换后会以该身份重新登录。</Text>
            <View className='demo-users'>
              <View className='demo-user' id='demo-user-new' onClick={() => void choose(null)}>
                <Text className='demo-user__name'>新顾客（首次登录）</Text>
                <Text className='demo-user__desc'>模拟一位从未登录过的微信用户</Text>
              </View>
              {users.status === 'loading' ? <LoadingState text='演示用户加载中…' /> : null}
              {users.status === 'error' ? <ErrorState message={users.message} onRetry={() => void load()} /> : null}
              {users.status === 'ready' && users.items.length === 0 ? (
                <EmptyState title='暂无演示用户' description='模拟器里还没有预置的顾客、员工或管理员。' />
              ) : null}
              {users.status === 'ready'
                ? users.items.map((user) => (
                    <View
                      className={`demo-user${user.openid === current ? ' demo-user--current' : ''}`}
                      id={`demo-user-${user.openid}`}
                      key={user.openid}
                      onClick={() => void choose(user.openid)}
                    >
                      <Text className='demo-user__name'>
                        {user.nickname}
                        {user.openid === current ? '（当前）' : ''}
                      </Text>
                      <Text className='demo-user__desc'>{user.description}</Text>
                    </View>
                  ))
                : null}
            </View>
            {switching ? <Text className='modal__hint'>正在切换…</Text> : null}
          </View>
        </View>
      ) : null}
    </View>
  );
}
