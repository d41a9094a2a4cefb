/**
 * A QR code (lib/qr.ts: version 1-M, numeric) drawn with Views: 21 rows, each a
 * flex row of runs of equal modules growing by their length. The light quiet
 * zone is the container's padding (app.css .qr).
 */
import { memo } from 'react';
import { View } from '@tarojs/components';
import { encodeQrDigits, qrRuns } from '../lib/qr';

export const QrCode = memo(function QrCode({ digits, id }: { digits: string; id?: string }) {
  const matrix = encodeQrDigits(digits);
  return (
    <View className='qr' id={id}>
      {matrix.map((row, r) => (
        <View className='qr__row' key={r}>
          {qrRuns(row).map(([dark, length], i) => (
            <View key={i} className={dark ? 'qr__run qr__run--dark' : 'qr__run'} style={{ flexGrow: length }} />
          ))}
        </View>
      ))}
    </View>
  );
});
