// 订单详情; right after 优惠买单 (`paying=1`) the page sets its title to 支付结果.
export default definePageConfig({
  navigationBarTitleText: '订单详情',
});
