export default definePageConfig({
  navigationBarTitleText: '登录运营后台',
});
