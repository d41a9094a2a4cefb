/**
 * Where the shopper is — H5 demo version: the browser's geolocation (WGS-84;
 * the few hundred metres to GCJ-02 do not change a store ranking). A refusal,
 * no geolocation or no answer within LOCATION_TIMEOUT_MS resolves null and the
 * list falls back to cities (location.ts is the WeChat one).
 */
export interface Position {
  lat: number;
  lng: number;
}

export const LOCATION_TIMEOUT_MS = 10_000;

export function getPosition(): Promise<Position | null> {
  return new Promise<Position | null>((resolve) => {
    const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
    if (!geo) {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => resolve(null), LOCATION_TIMEOUT_MS);
    const done = (p: Position | null) => {
      clearTimeout(timer);
      resolve(p);
    };
    try {
      geo.getCurrentPosition(
        (pos) => done({ lat: pos.coords.latitude, lng: pos.coords.longitude }),
        () => done(null),
        { enableHighAccuracy: false, timeout: LOCATION_TIMEOUT_MS, maximumAge: 5 * 60_000 },
      );
    } catch {
      done(null);
    }
  });
}
