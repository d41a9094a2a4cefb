/**
 * 扫码识别会员 — H5 demo version: a browser has no wx.scanCode, so there is no
 * scan button; the page's input takes the 18 digits shown under the customer's
 * barcode instead (typed or pasted).
 */
import { Text } from '@tarojs/components';

export interface MemberCodeScannerProps {
  onCode: (text: string) => void;
  disabled?: boolean;
}

export function MemberCodeScanner(_props: MemberCodeScannerProps) {
  return (
    <Text className='staff-code__hint' id='staff-scan-unavailable'>
      演示环境无法调用摄像头：请输入或粘贴顾客会员码下方的 18 位数字。
    </Text>
  );
}
