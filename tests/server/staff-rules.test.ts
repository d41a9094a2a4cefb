/** Staff management rules (pure): placement of roles, the roles a placement gives, who may change whom. */
import { losesAdmin, mayChange, placementOf, stateFor } from '../../server/src/staff/roles.calc';

const S1 = 'a'.repeat(24);
const S2 = 'b'.repeat(24);

test.each([
  [{ roles: ['member'], staffStoreId: null }, null],
  [{ roles: ['member', 'staff'], staffStoreId: S1 }, { role: 'clerk', storeId: S1 }],
  [{ roles: ['member', 'staff', 'manager'], staffStoreId: S1 }, { role: 'manager', storeId: S1 }],
  [{ roles: ['member', 'manager'], staffStoreId: null }, null],
  [{ roles: ['member', 'admin'], staffStoreId: null }, { role: 'admin', storeId: null }],
  [{ roles: ['member', 'staff', 'admin'], staffStoreId: S1 }, { role: 'admin', storeId: null }],
] as const)('placementOf(%j) = %j', (state, expected) => {
  expect(placementOf({ roles: [...state.roles], staffStoreId: state.staffStoreId })).toEqual(expected);
});

test.each([
  [null, { roles: ['member'], staffStoreId: null }],
  [{ role: 'clerk', storeId: S2 }, { roles: ['member', 'staff'], staffStoreId: S2 }],
  [{ role: 'manager', storeId: S2 }, { roles: ['member', 'staff', 'manager'], staffStoreId: S2 }],
  [{ role: 'admin', storeId: S2 }, { roles: ['member', 'admin'], staffStoreId: null }],
] as const)('stateFor(manager of S1, %j) = %j', (next, expected) => {
  expect(stateFor({ roles: ['member', 'staff', 'manager'], staffStoreId: S1 }, next ? { ...next } : null)).toEqual(expected);
});

const admin = { roles: ['member', 'admin'] as const, staffStoreId: null };
const manager1 = { roles: ['member', 'staff', 'manager'] as const, staffStoreId: S1 };
const clerk1 = { role: 'clerk' as const, storeId: S1 };
const clerk2 = { role: 'clerk' as const, storeId: S2 };
const mgr1 = { role: 'manager' as const, storeId: S1 };
const adm = { role: 'admin' as const, storeId: null };

test.each([
  [admin, null, adm, 'ok'],
  [admin, adm, null, 'ok'],
  [admin, clerk1, clerk1, 'unchanged'],
  [manager1, null, clerk1, 'ok'],
  [manager1, clerk1, null, 'ok'],
  [manager1, null, clerk2, 'denied'],
  [manager1, clerk2, null, 'denied'],
  [manager1, clerk1, mgr1, 'denied'],
  [manager1, mgr1, null, 'denied'],
  [manager1, null, adm, 'denied'],
  [{ roles: ['member', 'staff'] as const, staffStoreId: S1 }, null, clerk1, 'denied'],
] as const)('mayChange(%j, %j → %j) = %s', (actor, from, to, verdict) => {
  expect(mayChange({ roles: [...actor.roles], staffStoreId: actor.staffStoreId }, from, to)).toBe(verdict);
});

test('losesAdmin only when the admin role goes', () => {
  expect(losesAdmin(adm, null)).toBe(true);
  expect(losesAdmin(adm, clerk1)).toBe(true);
  expect(losesAdmin(adm, adm)).toBe(false);
  expect(losesAdmin(clerk1, null)).toBe(false);
});
