import { api, loginRequest, createStaffRequest } from '@homeclub/shared';

test('every route lives under /api with a known access level, and names are unique paths', () => {
  const seen = new Set<string>();
  for (const [name, c] of Object.entries(api)) {
    expect(c.path.startsWith('/api/')).toBe(true);
    expect(['public', 'member', 'staff', 'admin', 'console']).toContain(c.access);
    // The console's cookie session is accepted under /api/console only, and only there.
    expect(c.access === 'console').toBe(c.path.startsWith('/api/console/') && c.access !== 'public');
    if (c.path.startsWith('/api/admin/')) expect({ name, access: c.access }).toEqual({ name, access: 'admin' });
    if (c.path.startsWith('/api/staff/')) expect(['staff', 'admin']).toContain(c.access);
    const key = `${c.method} ${c.path}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
  }
});

test('request schemas reject what the server must never accept', () => {
  expect(loginRequest.safeParse({ code: '  ' }).success).toBe(false);
  expect(loginRequest.safeParse({ code: 'x'.repeat(129) }).success).toBe(false);
  expect(loginRequest.safeParse({ code: 'abc' }).success).toBe(true);
  expect(createStaffRequest.safeParse({ memberId: 'zz', storeId: 'a'.repeat(24) }).success).toBe(false);
});
