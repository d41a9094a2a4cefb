/**
 * 扫码识别会员, weapp build: wx.scanCode reads the barcode or QR code and the
 * result is resolved right away; cancelling the camera does nothing.
 */
import { act, fireEvent, render } from '@testing-library/react';
import StaffMemberCodePage from '@/pages-staff/member-code/index';
import { storeSession } from '@/services/storage';
import { resetTaroMock, scanCode, showToast } from './mocks/taro';
import { fail, ok, pathOf, resolvedMember, serve, session } from './support/http';

const CODE = '421234567890123456';

async function settle() {
  await act(async () => {
    for (let i = 0; i < 30; i++) await Promise.resolve();
  });
}

beforeEach(() => {
  resetTaroMock();
  storeSession(session(1));
});

test('scanning asks for barcodes and QR codes from the camera and resolves what it read', async () => {
  scanCode.mockImplementation(() => Promise.resolve({ result: CODE, scanType: 'CODE_128', errMsg: 'scanCode:ok' }));
  const sent = serve(() => ok(resolvedMember()));
  render(<StaffMemberCodePage />);
  expect(document.getElementById('staff-scan-unavailable')).toBeNull();
  fireEvent.click(document.getElementById('staff-scan')!);
  await settle();
  expect(scanCode).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['barCode', 'qrCode'] }));
  expect(pathOf(sent[0])).toBe('/api/staff/member-code/resolve');
  expect(sent[0].data).toEqual({ code: CODE });
  expect(document.getElementById('staff-member-result')?.textContent).toContain('林小雨');
  expect((document.getElementById('staff-code-input') as HTMLInputElement).value).toBe(CODE);
});

test('cancelling the camera sends nothing and shows nothing', async () => {
  const sent = serve(() => ok(resolvedMember()));
  render(<StaffMemberCodePage />);
  fireEvent.click(document.getElementById('staff-scan')!);
  await settle();
  expect(sent).toHaveLength(0);
  expect(showToast).not.toHaveBeenCalled();
  expect(document.getElementById('staff-code-error')).toBeNull();
});

test('something that is not a member code is refused without a request', async () => {
  scanCode.mockImplementation(() => Promise.resolve({ result: 'https://example.com/x', scanType: 'QR_CODE', errMsg: 'scanCode:ok' }));
  const sent = serve(() => ok(resolvedMember()));
  render(<StaffMemberCodePage />);
  fireEvent.click(document.getElementById('staff-scan')!);
  await settle();
  expect(sent).toHaveLength(0);
  expect(document.getElementById('staff-code-error')?.textContent).toContain('未识别到会员码');
});

test('an expired code shows the server message', async () => {
  scanCode.mockImplementation(() => Promise.resolve({ result: CODE, scanType: 'QR_CODE', errMsg: 'scanCode:ok' }));
  serve(() => fail(400, 'MEMBER_CODE_EXPIRED', '会员码已过期，请让顾客刷新会员码'));
  render(<StaffMemberCodePage />);
  fireEvent.click(document.getElementById('staff-scan')!);
  await settle();
  expect(document.getElementById('staff-code-error')?.textContent).toBe('会员码已过期，请让顾客刷新会员码');
  expect(document.getElementById('staff-member-result')).toBeNull();
});
