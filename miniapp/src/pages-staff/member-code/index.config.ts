export default definePageConfig({
  navigationBarTitleText: '扫码识别会员',
});
