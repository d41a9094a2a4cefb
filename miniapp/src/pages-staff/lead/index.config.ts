export default definePageConfig({
  navigationBarTitleText: '合伙人报备',
});
