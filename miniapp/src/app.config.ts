/**
 * Main package: the 5 tabs only (weapp budget: main ≤ 400 KB, see tests/e2e/weapp-build.test.ts).
 * Subpackages: member (积分明细, 我的优惠券, 优惠券详情), order (优惠买单, 支付结果/订单详情, 我的订单), booking (门店,
 * 预约服务, 预约详情, 我的预约), referral (邀请有礼), staff (工作台, 扫码识别会员, 扫码核销, 收银, 门店订单,
 * 订单详情, 今日预约, 合伙人报备), misc (页面不存在, where unknown routes land). Tab bar icons from scripts/gen-tabbar-icons.mjs.
 * weapp: the location permission text (预约 sorts stores by distance) and
 * `requiredPrivateInfos` (WeChat refuses wx.getLocation and wx.chooseAddress without it).
 * H5 only: no page slide animation. Taro's H5 router hides the previous page on
 * a timer after navigateTo; going back before it fires leaves the tab page
 * hidden (blank screen). Without animation the timer is 0 ms.
 */
export default defineAppConfig({
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  pages: [
    'pages/index/index',
    'pages/coupons/index',
    'pages/booking/index',
    'pages/member/index',
    'pages/mine/index',
  ],
  subPackages: [
    { root: 'pages-member', name: 'member', pages: ['points/index', 'my-coupons/index', 'coupon-detail/index'] },
    { root: 'pages-order', name: 'order', pages: ['pay/index', 'order/index', 'orders/index'] },
    { root: 'pages-booking', name: 'booking', pages: ['store/index', 'booking-new/index', 'booking-detail/index', 'bookings/index'] },
    { root: 'pages-referral', name: 'referral', pages: ['invite/index'] },
    { root: 'pages-misc', name: 'misc', pages: ['not-found/index'] },
    {
      root: 'pages-staff',
      name: 'staff',
      pages: ['home/index', 'member-code/index', 'coupon-verify/index', 'till/index', 'orders/index', 'order/index', 'bookings/index', 'lead/index', 'console-login/index', 'guide-home/index', 'guide-customer/index', 'guide-share/index'],
    },
  ],
  // weapp: load a page's components when it renders, and fetch the subpackage a page most likely opens next.
  ...(process.env.TARO_ENV === 'weapp'
    ? {
        lazyCodeLoading: 'requiredComponents',
        preloadRule: {
          'pages/index/index': { network: 'all', packages: ['booking'] },
          'pages/booking/index': { network: 'all', packages: ['booking'] },
          'pages/coupons/index': { network: 'all', packages: ['member'] },
          'pages/member/index': { network: 'all', packages: ['member'] },
          'pages/mine/index': { network: 'all', packages: ['member', 'order'] },
          'pages-member/coupon-detail/index': { network: 'all', packages: ['order'] },
        },
        permission: { 'scope.userLocation': { desc: '用于按距离为您推荐附近的门店' } },
        requiredPrivateInfos: ['getLocation', 'chooseAddress'],
      }
    : {}),
  window: {
    // H5: Taro's title bar (the page's title; back on sub-pages, home when a link opened one directly). weapp default.
    navigationStyle: 'default',
    backgroundTextStyle: 'light',
    backgroundColor: '#f5f5f5',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'HomeClub 家居',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#999999',
    selectedColor: '#07c160',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/coupons/index', text: '领券', iconPath: 'assets/tabbar/coupon.png', selectedIconPath: 'assets/tabbar/coupon-active.png' },
      { pagePath: 'pages/booking/index', text: '预约', iconPath: 'assets/tabbar/booking.png', selectedIconPath: 'assets/tabbar/booking-active.png' },
      { pagePath: 'pages/member/index', text: '会员', iconPath: 'assets/tabbar/member.png', selectedIconPath: 'assets/tabbar/member-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tabbar/mine.png', selectedIconPath: 'assets/tabbar/mine-active.png' },
    ],
  },
});
