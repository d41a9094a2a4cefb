/**
 * The birthday gift rule (pure; table-tested in tests/server/membership-rules.test.ts): once a year, in the
 * birthday month (Asia/Shanghai). Setting the birthday during the birthday month grants this year's gift at once
 * when it was not granted yet; otherwise the daily job grants it when the month comes.
 */
export function birthdayGiftYear(input: { birthday: string | null; today: string; grantedYear: number | null }): number | null {
  if (!input.birthday) return null;
  const year = Number(input.today.slice(0, 4));
  if (input.birthday.slice(5, 7) !== input.today.slice(5, 7)) return null;
  if (input.grantedYear !== null && input.grantedYear >= year) return null;
  return year;
}

