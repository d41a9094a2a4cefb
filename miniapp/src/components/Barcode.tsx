/**
 * A Code 128-C barcode drawn with Views: one flex row whose children are the
 * bars and spaces, each growing by its width in modules (so the symbol scales
 * to the row's width), with 10-module quiet zones at both ends.
 */
import { memo } from 'react';
import { View } from '@tarojs/components';
import { CODE128_QUIET_ZONE, code128CWidths } from '../lib/code128';

export const Barcode = memo(function Barcode({ digits, id }: { digits: string; id?: string }) {
  const widths = [CODE128_QUIET_ZONE, ...code128CWidths(digits), CODE128_QUIET_ZONE];
  return (
    <View className='barcode' id={id}>
      {widths.map((width, i) => (
        // the quiet zones are spaces too: index 0 is a space, so bars sit at odd indexes
        <View key={i} className={i % 2 === 1 ? 'barcode__bar' : 'barcode__space'} style={{ flexGrow: width }} />
      ))}
    </View>
  );
});
