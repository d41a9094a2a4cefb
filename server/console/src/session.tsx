/**
 * The signed-in operator and the store filter shared by every page. A store
 * manager's filter is fixed to their store (the server enforces the same scope).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConsoleUser, StoreView } from '@homeclub/shared';
import { ApiError, call, onSignedOut } from './api/client';

export interface ConsoleSession {
  user: ConsoleUser;
  stores: StoreView[];
  /** null = all stores (admins only) */
  storeId: string | null;
  setStoreId: (id: string | null) => void;
  storeName: (id: string | null | undefined) => string;
  signOut: () => Promise<void>;
}

const Ctx = createContext<ConsoleSession | null>(null);

export function useSession(): ConsoleSession {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Shorthand for pages: the store filter value to send as `storeId` (undefined = all). */
export function useStoreFilter(): string | undefined {
  return useSession().storeId ?? undefined;
}

type Phase =
  { kind: 'checking' } | { kind: 'signed-out' } | { kind: 'signed-in'; user: ConsoleUser } | { kind: 'error'; error: unknown };

export function useSessionPhase() {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const check = useCallback(() => {
    call('consoleSession').then(
      (r) => setPhase({ kind: 'signed-in', user: r.user }),
      (e: unknown) => setPhase(e instanceof ApiError && e.status === 401 ? { kind: 'signed-out' } : { kind: 'error', error: e }),
    );
  }, []);
  useEffect(() => {
    check();
    return onSignedOut(() => setPhase({ kind: 'signed-out' }));
  }, [check]);
  return {
    phase,
    check,
    signedIn: (user: ConsoleUser) => setPhase({ kind: 'signed-in', user }),
    signedOut: () => setPhase({ kind: 'signed-out' }),
  };
}

const STORE_KEY = 'hc_console_store';

export function SessionProvider({
  user,
  onSignedOut: done,
  children,
}: {
  user: ConsoleUser;
  onSignedOut: () => void;
  children: ReactNode;
}) {
  const [stores, setStores] = useState<StoreView[]>([]);
  const [picked, setPicked] = useState<string | null>(() => localStorage.getItem(STORE_KEY) || null);
  useEffect(() => {
    call('stores').then(
      (r) => setStores(r.items),
      () => setStores([]),
    );
  }, []);
  const storeId = user.role === 'manager' ? user.storeId : picked;
  const value = useMemo<ConsoleSession>(
    () => ({
      user,
      stores: user.role === 'manager' ? stores.filter((s) => s.id === user.storeId) : stores,
      storeId,
      setStoreId: (id) => {
        if (id) localStorage.setItem(STORE_KEY, id);
        else localStorage.removeItem(STORE_KEY);
        setPicked(id);
      },
      storeName: (id) => (id ? (stores.find((s) => s.id === id)?.name ?? '—') : '全部门店'),
      signOut: async () => {
        await call('consoleLogout').catch(() => undefined);
        done();
      },
    }),
    [user, stores, storeId, done],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
