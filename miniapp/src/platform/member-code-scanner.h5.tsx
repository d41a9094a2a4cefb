/**
 * 扫码识别会员 / 扫码核销 — H5 demo version: a browser has no wx.scanCode, so
 * there is no scan button; the page's input takes the digits shown under the
 * customer's barcode instead (typed or pasted): 18 for member and coupon codes, 10 for booking codes.
 */
import { Text } from '@tarojs/components';

export interface MemberCodeScannerProps {
  onCode: (text: string) => void;
  disabled?: boolean;
  what?: string;
  /** id of the (WeChat) scan button; the hint here is `${id}-unavailable` (default `staff-scan-unavailable`) */
  id?: string;
  /** how many digits the code has (default 18; booking codes have 10) */
  digits?: number;
}

export function MemberCodeScanner({ what = '会员码', id = 'staff-scan', digits = 18 }: MemberCodeScannerProps) {
  return (
    <Text className='staff-code__hint' id={`${id}-unavailable`}>
      演示环境无法调用摄像头：请输入或粘贴顾客{what}下方的 {digits} 位数字。
    </Text>
  );
}
