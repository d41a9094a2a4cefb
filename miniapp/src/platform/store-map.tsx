/**
 * 「导航」 to a store — WeChat version: wx.openLocation opens WeChat's map at
 * the store (GCJ-02) with its name and address, from where the shopper picks a
 * navigation app. The H5 demo build resolves store-map.h5.tsx (a map link).
 */
import Taro from '@tarojs/taro';
import { Button } from '@tarojs/components';
import type { StoreView } from '@homeclub/shared';

export function StoreMapButton({ store, id = 'store-map' }: { store: StoreView; id?: string }) {
  const open = () => {
    void Taro.openLocation({
      latitude: store.location.lat,
      longitude: store.location.lng,
      name: store.name,
      address: store.address,
      scale: 16,
    }).catch(() => undefined);
  };
  return (
    <Button id={id} className='btn btn--plain btn--small' onClick={open}>
      导航
    </Button>
  );
}
