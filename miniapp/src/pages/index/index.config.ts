export default definePageConfig({
  navigationBarTitleText: 'HomeClub 家居',
});
