/**
 * A save refused because someone saved first (…_CONFLICT): say what was changed, that this edit is not saved, and
 * reload the latest on 「知道了」. `what` names it (设置, 草稿, 规则); without it: 内容, changed by someone else.
 * Returns false for any other error, for the caller to handle.
 */
import type { App } from 'antd';
import { ApiError } from '../api/client';

export function showConflict(modal: ReturnType<typeof App.useApp>['modal'], err: unknown, reload: () => void, what?: string): boolean {
  if (!(err instanceof ApiError) || !err.code.endsWith('_CONFLICT')) return false;
  modal.warning({
    title: what ? `保存失败：${what}已被修改` : '保存失败：已被其他人修改',
    content: `${err.message}。点「知道了」重新加载最新${what ?? '内容'}，你这次的修改不会被保存。`,
    onOk: reload,
  });
  return true;
}
