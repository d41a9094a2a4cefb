/**
 * Jest stand-in for @tarojs/taro (mapped in jest.config.js). The real package
 * needs the mini-program runtime. APIs are jest.fn()s; storage is an in-memory
 * map with wx semantics (a missing key reads as ''); page hooks run once on mount.
 * useReachBottom remembers the page's handler: triggerReachBottom() calls it.
 * Call resetTaroMock() in beforeEach.
 */
import { useEffect, useRef } from 'react';

const store = new Map<string, unknown>();

export const request = jest.fn();
export const showToast = jest.fn<Promise<void>, [{ title: string; icon?: string; duration?: number }]>(() =>
  Promise.resolve(),
);
export const showModal = jest.fn(() => Promise.resolve({ confirm: true, cancel: false }));
export const login = jest.fn(() => Promise.resolve({ code: 'wx-login-code', errMsg: 'login:ok' }));
export const navigateTo = jest.fn<Promise<void>, [{ url: string }]>(() => Promise.resolve());
export const makePhoneCall = jest.fn(() => Promise.resolve());
export const scanCode = jest.fn<Promise<{ result: string; scanType: string; errMsg: string }>, [Record<string, unknown>]>(() =>
  Promise.reject({ errMsg: 'scanCode:fail cancel' }),
);
export const getStorageSync = jest.fn((key: string): unknown => (store.has(key) ? store.get(key) : ''));
export const setStorageSync = jest.fn((key: string, value: unknown): void => {
  store.set(key, value);
});
export const removeStorageSync = jest.fn((key: string): void => {
  store.delete(key);
});
export const clearStorageSync = jest.fn((): void => store.clear());

function useOnMount(fn: () => void): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    latest.current();
  }, []);
}
export const useDidShow = useOnMount;
export const useLoad = useOnMount;
export const useReady = useOnMount;
export const useLaunch = useOnMount;
/** Not simulated: hiding a page and pull-down refresh. */
export const useDidHide: (fn: () => void) => void = () => undefined;
export const usePullDownRefresh: (fn: () => void) => void = () => undefined;

let reachBottom: (() => void) | null = null;
export function useReachBottom(fn: () => void): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    const handler = () => latest.current();
    reachBottom = handler;
    return () => {
      if (reachBottom === handler) reachBottom = null;
    };
  }, []);
}
/** What WeChat does when the page is scrolled to the bottom. */
export function triggerReachBottom(): void {
  reachBottom?.();
}

/** Storage contents, for assertions. */
export function storageSnapshot(): Record<string, unknown> {
  return Object.fromEntries(store);
}

export function resetTaroMock(): void {
  store.clear();
  for (const fn of [request, showToast, showModal, login, navigateTo, makePhoneCall, scanCode, getStorageSync, setStorageSync, removeStorageSync, clearStorageSync]) {
    fn.mockClear();
  }
  request.mockReset();
  showModal.mockReset().mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }));
  scanCode.mockReset().mockImplementation(() => Promise.reject({ errMsg: 'scanCode:fail cancel' }));
  login.mockImplementation(() => Promise.resolve({ code: 'wx-login-code', errMsg: 'login:ok' }));
}

const Taro = {
  request,
  showToast,
  showModal,
  login,
  navigateTo,
  makePhoneCall,
  scanCode,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  clearStorageSync,
  useDidShow,
  useLoad,
  useReady,
  useLaunch,
  useDidHide,
  usePullDownRefresh,
  useReachBottom,
};

export default Taro;
