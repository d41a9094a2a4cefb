export default definePageConfig({
  navigationBarTitleText: '邀请有礼',
  // the page's onShareAppMessage (useInviteShare): the 「分享给好友」 button and the menu's 转发
  enableShareAppMessage: true,
});
