/**
 * 扫码识别会员 / 扫码核销 — H5 demo version: a browser has no wx.scanCode, so
 * there is no scan button; the page's input takes the 18 digits shown under the
 * customer's barcode instead (typed or pasted).
 */
import { Text } from '@tarojs/components';

export interface MemberCodeScannerProps {
  onCode: (text: string) => void;
  disabled?: boolean;
  what?: string;
  /** id of the (WeChat) scan button; the hint here is `${id}-unavailable` (default `staff-scan-unavailable`) */
  id?: string;
}

export function MemberCodeScanner({ what = '会员码', id = 'staff-scan' }: MemberCodeScannerProps) {
  return (
    <Text className='staff-code__hint' id={`${id}-unavailable`}>
      演示环境无法调用摄像头：请输入或粘贴顾客{what}下方的 18 位数字。
    </Text>
  );
}
