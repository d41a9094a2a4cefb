/** 上门量尺's address — H5 demo version: a browser has no WeChat address book, the form fields are the fallback. */
import type { ChosenAddress } from './choose-address';

export type { ChosenAddress } from './choose-address';

export const CAN_CHOOSE_ADDRESS = false;

export async function chooseAddress(): Promise<ChosenAddress | null> {
  return null;
}
