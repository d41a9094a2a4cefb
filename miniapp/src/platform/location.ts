/**
 * Where the shopper is, for sorting stores by distance — WeChat version:
 * wx.getLocation (GCJ-02, the coordinates stores are kept in). The first call
 * shows WeChat's authorisation prompt (app.config.ts `permission` and
 * `requiredPrivateInfos`); a refusal, a failure or no answer within
 * LOCATION_TIMEOUT_MS resolves null and the list falls back to cities. The H5
 * demo build resolves location.h5.ts instead (the browser's geolocation).
 */
import Taro from '@tarojs/taro';

export interface Position {
  lat: number;
  lng: number;
}

export const LOCATION_TIMEOUT_MS = 10_000;

export function getPosition(): Promise<Position | null> {
  return new Promise<Position | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), LOCATION_TIMEOUT_MS);
    const done = (p: Position | null) => {
      clearTimeout(timer);
      resolve(p);
    };
    try {
      Taro.getLocation({ type: 'gcj02' }).then(
        (res) => done(Number.isFinite(res.latitude) && Number.isFinite(res.longitude) ? { lat: res.latitude, lng: res.longitude } : null),
        () => done(null),
      );
    } catch {
      done(null);
    }
  });
}
