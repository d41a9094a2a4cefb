/**
 * 到期提醒 consent — H5 demo version: a browser has no WeChat subscription
 * messages, so there is nothing to ask (expiry-reminder.ts is the WeChat one).
 */
export function resetExpiryReminder(): void {
  // nothing remembered on H5
}

export function askExpiryReminder(): void {
  // no-op on H5
}
