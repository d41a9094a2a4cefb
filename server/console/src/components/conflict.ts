/** A save refused because someone saved first (…_CONFLICT): say so and reload the latest on 「知道了」. */
import type { App } from 'antd';
import { ApiError } from '../api/client';

export function showConflict(modal: ReturnType<typeof App.useApp>['modal'], err: unknown, reload: () => void): boolean {
  if (!(err instanceof ApiError) || !err.code.endsWith('_CONFLICT')) return false;
  modal.warning({ title: '保存失败：已被其他人修改', content: `${err.message}。点「知道了」重新加载最新内容。`, onOk: reload });
  return true;
}
