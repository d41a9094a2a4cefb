/**
 * 「演示：切换顾客」 exists only in the H5 demo (demo-switch.h5.tsx);
 * the mini-program has one WeChat identity, so this renders nothing.
 */
export function DemoSwitchEntry() {
  return null;
}
