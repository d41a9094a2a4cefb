/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';

/** API origin baked in at build time (config/index.ts defineConstants): '' on H5 (same origin). */
declare const API_BASE: string;

/** name → {method, path, access} of every contract route, baked in at build time (config/routes.ts). */
declare const API_ROUTES: Record<string, { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; access: string }>;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    /** The platform being built. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    TARO_APP_ID: string;
    /** weapp only: API origin, default http://127.0.0.1:3100 */
    TARO_APP_API_BASE?: string;
  }
}
