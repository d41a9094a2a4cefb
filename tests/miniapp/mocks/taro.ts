/**
 * Jest stand-in for @tarojs/taro (mapped in jest.config.js). The real package
 * needs the mini-program runtime. APIs are jest.fn()s; storage is an in-memory
 * map with wx semantics (a missing key reads as ''); page hooks run once on mount.
 * useReachBottom remembers the page's handler: triggerReachBottom() calls it.
 * useRouter() answers the params set with setRouterParams(). showModal also
 * calls the `success` / `complete` callbacks it is given (like WeChat), with
 * the same answer its promise resolves to. getLocation refuses by default
 * (like a shopper who denied the location prompt): mockImplementation to answer.
 * Call resetTaroMock() in beforeEach.
 */
import { useEffect, useRef } from 'react';

const store = new Map<string, unknown>();

export const request = jest.fn();
export const showToast = jest.fn<Promise<void>, [{ title: string; icon?: string; duration?: number }]>(() =>
  Promise.resolve(),
);
type ModalAnswer = { confirm: boolean; cancel: boolean };
type ModalOptions = { title?: string; content?: string; success?: (res: ModalAnswer) => void; complete?: (res: ModalAnswer) => void };
/** What the next modals answer (mockImplementation of showModal only decides the promise; callbacks follow it). */
export const showModal = jest.fn<Promise<ModalAnswer>, [ModalOptions?]>(() => Promise.resolve({ confirm: true, cancel: false }));
function modalWithCallbacks(options?: ModalOptions): Promise<ModalAnswer> {
  const answer = showModal(options);
  void answer.then(
    (res) => {
      options?.success?.(res);
      options?.complete?.(res);
    },
    () => undefined,
  );
  return answer;
}
export const requestSubscribeMessage = jest.fn<Promise<Record<string, string>>, [{ tmplIds: string[] }]>((o) =>
  Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(o.tmplIds.map((id) => [id, 'accept'])) }),
);
export const switchTab = jest.fn<Promise<void>, [{ url: string }]>(() => Promise.resolve());
export const login = jest.fn(() => Promise.resolve({ code: 'wx-login-code', errMsg: 'login:ok' }));
export const navigateTo = jest.fn<Promise<void>, [{ url: string }]>(() => Promise.resolve());
export const redirectTo = jest.fn<Promise<void>, [{ url: string }]>(() => Promise.resolve());
export const navigateBack = jest.fn<Promise<void>, [{ delta?: number }?]>(() => Promise.resolve());
export const setNavigationBarTitle = jest.fn<Promise<void>, [{ title: string }]>(() => Promise.resolve());
/** The page stack, oldest first (`route` without a leading slash, as in WeChat); empty unless a test sets it. */
export const getCurrentPages = jest.fn<{ route: string }[], []>(() => []);
export const makePhoneCall = jest.fn(() => Promise.resolve());
export const scanCode = jest.fn<Promise<{ result: string; scanType: string; errMsg: string }>, [Record<string, unknown>]>(() =>
  Promise.reject({ errMsg: 'scanCode:fail cancel' }),
);
export const getLocation = jest.fn<Promise<{ latitude: number; longitude: number; errMsg: string }>, [Record<string, unknown>]>(() =>
  Promise.reject({ errMsg: 'getLocation:fail auth deny' }),
);
export const chooseAddress = jest.fn<Promise<Record<string, string>>, []>(() => Promise.reject({ errMsg: 'chooseAddress:fail cancel' }));
export const openLocation = jest.fn<Promise<void>, [Record<string, unknown>]>(() => Promise.resolve());
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

let routerParams: Record<string, string> = {};
/** The query of the page being rendered, for useRouter(). */
export function setRouterParams(params: Record<string, string>): void {
  routerParams = params;
}
export function useRouter(): { params: Record<string, string>; path: string } {
  return { params: routerParams, path: '' };
}

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
  getCurrentPages.mockReset().mockImplementation(() => []);
  for (const fn of [request, showToast, showModal, login, navigateTo, redirectTo, navigateBack, setNavigationBarTitle, switchTab, makePhoneCall, scanCode, requestSubscribeMessage, getLocation, openLocation, chooseAddress, getStorageSync, setStorageSync, removeStorageSync, clearStorageSync]) {
    fn.mockClear();
  }
  routerParams = {};
  requestSubscribeMessage.mockReset().mockImplementation((o) =>
    Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(o.tmplIds.map((id) => [id, 'accept'])) }),
  );
  request.mockReset();
  showModal.mockReset().mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }));
  scanCode.mockReset().mockImplementation(() => Promise.reject({ errMsg: 'scanCode:fail cancel' }));
  getLocation.mockReset().mockImplementation(() => Promise.reject({ errMsg: 'getLocation:fail auth deny' }));
  openLocation.mockReset().mockImplementation(() => Promise.resolve());
  chooseAddress.mockReset().mockImplementation(() => Promise.reject({ errMsg: 'chooseAddress:fail cancel' }));
  login.mockImplementation(() => Promise.resolve({ code: 'wx-login-code', errMsg: 'login:ok' }));
}

const Taro = {
  request,
  showToast,
  showModal: modalWithCallbacks,
  login,
  navigateTo,
  redirectTo,
  navigateBack,
  setNavigationBarTitle,
  getCurrentPages,
  switchTab,
  requestSubscribeMessage,
  makePhoneCall,
  scanCode,
  getLocation,
  openLocation,
  chooseAddress,
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
  useRouter,
};

export default Taro;
