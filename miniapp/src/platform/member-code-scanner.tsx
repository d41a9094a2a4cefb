/**
 * 扫码识别会员 / 扫码核销 — WeChat version: the camera (wx.scanCode) reads the
 * barcode or the QR code of the customer's member code or coupon code. The H5
 * demo build resolves member-code-scanner.h5.tsx instead (a browser has no scanner).
 */
import Taro from '@tarojs/taro';
import { Button } from '@tarojs/components';

export interface MemberCodeScannerProps {
  /** What the scanner read (not validated). */
  onCode: (text: string) => void;
  disabled?: boolean;
  /** What is scanned (default 「会员码」), for the button and the H5 hint. */
  what?: string;
  /** id of the scan button, default `staff-scan` (the H5 hint is `${id}-unavailable`). */
  id?: string;
  /** how many digits the code has (only the H5 hint uses it) */
  digits?: number;
}

function errMsgOf(err: unknown): string {
  if (err && typeof err === 'object' && 'errMsg' in err && typeof err.errMsg === 'string') return err.errMsg;
  return err instanceof Error ? err.message : '';
}

export function MemberCodeScanner({ onCode, disabled, what = '会员码', id = 'staff-scan' }: MemberCodeScannerProps) {
  const scan = async () => {
    try {
      const res = await Taro.scanCode({ scanType: ['barCode', 'qrCode'], onlyFromCamera: true });
      onCode(res.result);
    } catch (err) {
      // "scanCode:fail cancel": the staff member closed the camera
      if (!errMsgOf(err).includes('cancel')) void Taro.showToast({ title: '扫码失败，请重试', icon: 'none' });
    }
  };
  return (
    <Button id={id} className='btn btn--primary btn--block' disabled={disabled} onClick={() => void scan()}>
      扫描顾客{what}
    </Button>
  );
}
