import { createHmac, randomBytes } from 'node:crypto';
import { hmacSha1, hotp, memberCode, parseMemberCode, secondsToRotation, timeStep } from '@homeclub/shared';

test('HMAC-SHA1 matches node:crypto for many lengths', () => {
  for (const len of [0, 1, 55, 56, 63, 64, 65, 100, 200]) {
    const key = randomBytes((len % 90) + 1);
    const msg = randomBytes(len);
    expect(Buffer.from(hmacSha1(key, msg)).toString('hex')).toBe(createHmac('sha1', key).update(msg).digest('hex'));
  }
});

test('RFC 4226 test vectors', () => {
  const secret = Buffer.from('12345678901234567890').toString('hex');
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((v, i) => expect(hotp(secret, i)).toBe(v));
});

test('RFC 6238 SHA1 vector (8 digits at 59 s, step 30)', () => {
  const secret = Buffer.from('12345678901234567890').toString('hex');
  expect(hotp(secret, Math.floor(59 / 30), 8)).toBe('94287082');
  expect(hotp(secret, Math.floor(1111111109 / 30), 8)).toBe('07081804');
});

test('member code: 18 digits, rotates every 60 s, parses back', () => {
  const secret = randomBytes(20).toString('hex');
  const t = Date.UTC(2026, 10, 22, 10, 0, 5);
  const code = memberCode('42', '1234567890', secret, t);
  expect(code).toMatch(/^42123456789\d{7}$/);
  expect(memberCode('42', '1234567890', secret, t + 50_000)).toBe(code);
  expect(memberCode('42', '1234567890', secret, t + 60_000)).not.toBe(code);
  expect(parseMemberCode(code)).toEqual({ chainPrefix: '42', cardNo: '1234567890', otp: code.slice(12) });
  expect(parseMemberCode('123')).toBeNull();
  expect(secondsToRotation(t)).toBe(55);
  expect(timeStep(t + 60_000)).toBe(timeStep(t) + 1);
});
