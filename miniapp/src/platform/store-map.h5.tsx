/**
 * 「导航」 to a store — H5 demo version: a browser has no wx.openLocation, so a
 * link opens the store on Amap's web map (a new tab; on a phone it offers the
 * map app). store-map.tsx is the WeChat one.
 */
import type { StoreView } from '@homeclub/shared';

export function storeMapUrl(store: StoreView): string {
  const q = new URLSearchParams({
    position: `${store.location.lng},${store.location.lat}`,
    name: store.name,
    src: 'homeclub',
    coordinate: 'gaode',
    callnative: '0',
  });
  return `https://uri.amap.com/marker?${q.toString()}`;
}

export function StoreMapButton({ store, id = 'store-map' }: { store: StoreView; id?: string }) {
  return (
    <a id={id} className='btn btn--plain btn--small store-map-link' href={storeMapUrl(store)} target='_blank' rel='noopener noreferrer'>
      导航
    </a>
  );
}
