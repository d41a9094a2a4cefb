/**
 * 扫码核销, weapp build: wx.scanCode reads the coupon code's barcode or QR
 * code and it is verified right away; cancelling the camera does nothing.
 */
import { act, fireEvent, render } from '@testing-library/react';
import StaffCouponVerifyPage from '@/pages-staff/coupon-verify/index';
import { storeSession } from '@/services/storage';
import { resetTaroMock, scanCode, showToast } from './mocks/taro';
import { ok, pathOf, serve, session, verification } from './support/http';

const CODE = '427700000001123456';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

function renderPage() {
  storeSession(session(1));
  const sent = serve((req) =>
    pathOf(req) === '/api/staff/coupons/verify' ? { status: 201, body: verification(1) } : ok({ items: [] }),
  );
  render(<StaffCouponVerifyPage />);
  return sent;
}

const verifies = (sent: ReturnType<typeof renderPage>) => sent.filter((r) => pathOf(r) === '/api/staff/coupons/verify');

beforeEach(() => {
  resetTaroMock();
});

test('scanning asks the camera for barcodes and QR codes and verifies what it read', async () => {
  scanCode.mockImplementation(() => Promise.resolve({ result: CODE, scanType: 'CODE_128', errMsg: 'scanCode:ok' }));
  const sent = renderPage();
  await settle();
  expect(document.getElementById('verify-scan-unavailable')).toBeNull();
  expect(document.getElementById('verify-scan')!.textContent).toBe('扫描顾客券码');
  fireEvent.click(document.getElementById('verify-scan')!);
  await settle();
  expect(scanCode).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['barCode', 'qrCode'] }));
  expect(verifies(sent)).toHaveLength(1);
  expect(verifies(sent)[0].data).toMatchObject({ code: CODE });
  expect(document.getElementById('verify-result')?.textContent).toContain('林小雨');
});

test('cancelling the camera sends nothing and shows nothing', async () => {
  const sent = renderPage();
  await settle();
  fireEvent.click(document.getElementById('verify-scan')!);
  await settle();
  expect(verifies(sent)).toHaveLength(0);
  expect(showToast).not.toHaveBeenCalled();
  expect(document.getElementById('verify-error')).toBeNull();
});

test('a scanned member code or URL is refused without a request', async () => {
  scanCode.mockImplementation(() => Promise.resolve({ result: 'https://example.com/x', scanType: 'QR_CODE', errMsg: 'scanCode:ok' }));
  const sent = renderPage();
  await settle();
  fireEvent.click(document.getElementById('verify-scan')!);
  await settle();
  expect(verifies(sent)).toHaveLength(0);
  expect(document.getElementById('verify-error')?.textContent).toContain('未识别到券码');
});
