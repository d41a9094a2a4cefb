/**
 * An unknown route (an old share card, a mistyped H5 link) opens 页面不存在 with 返回首页 instead of a blank page.
 * Registered once at start (app.ts), before the router resolves the first page; works on weapp (wx.onPageNotFound)
 * and H5 (Taro's router reports a route it cannot match).
 */
import Taro from '@tarojs/taro';

export const NOT_FOUND_PAGE = '/pages-misc/not-found/index';

export function installPageNotFound(): void {
  Taro.onPageNotFound(() => {
    // After the router finished the navigation it could not match.
    setTimeout(() => void Taro.redirectTo({ url: NOT_FOUND_PAGE }), 0);
  });
}
