/**
 * 上门量尺's address from the WeChat address book — WeChat version: wx.chooseAddress (declared in app.config.ts
 * `requiredPrivateInfos`). Cancelled or refused → null and the form stays as typed. The H5 demo build resolves
 * choose-address.h5.ts (no address book: the form is the fallback).
 */
import Taro from '@tarojs/taro';

export interface ChosenAddress {
  name: string;
  phone: string;
  city: string;
  district: string;
  detail: string;
}

export const CAN_CHOOSE_ADDRESS = true;

export async function chooseAddress(): Promise<ChosenAddress | null> {
  try {
    const r = await Taro.chooseAddress();
    return { name: r.userName ?? '', phone: (r.telNumber ?? '').replace(/\D/g, ''), city: r.cityName ?? '', district: r.countyName ?? '', detail: r.detailInfo ?? '' };
  } catch {
    return null;
  }
}
