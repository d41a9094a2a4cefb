/**
 * In-memory state of the local WeChat mini-program simulator. One simulator
 * process stands in for WeChat's servers; it holds codes, tokens, consents and
 * sent messages the way WeChat would, and switchable faults.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface DemoUser {
  openid: string;
  nickname: string;
  description: string;
}

export type FaultApi = 'jscode2session' | 'stable_token' | 'getuserphonenumber' | 'getwxacodeunlimit' | 'subscribe_send';
export type FaultMode = 'busy' | 'rate_limit' | 'risky' | 'http500' | 'hang';

export interface Fault {
  mode: FaultMode;
  /** how many more calls fail; null = until cleared */
  remaining: number | null;
}

export interface SentMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  at: string;
}

const CODE_TTL_MS = 5 * 60_000;

export class SimulatorState {
  readonly loginCodes = new Map<string, { openid: string; expiresAt: number; used: boolean }>();
  readonly phoneCodes = new Map<string, { phoneNumber: string; countryCode: string; expiresAt: number; used: boolean }>();
  /** valid access tokens → expiry (ms) */
  readonly tokens = new Map<string, number>();
  currentToken: string | null = null;
  readonly consents = new Map<string, Map<string, number>>();
  readonly messages: SentMessage[] = [];
  readonly faults = new Map<FaultApi, Fault>();
  readonly calls: Record<string, number> = {};
  readonly pages: Set<string>;

  constructor(
    readonly appid: string,
    readonly secret: string,
    readonly demoUsers: DemoUser[],
    pages: string[],
    readonly now: () => number = Date.now,
  ) {
    this.pages = new Set(pages);
  }

  count(api: string): void {
    this.calls[api] = (this.calls[api] ?? 0) + 1;
  }

  /** Consume one failure of an active fault, if any. */
  takeFault(api: FaultApi): FaultMode | null {
    const f = this.faults.get(api);
    if (!f) return null;
    if (f.remaining !== null) {
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults.delete(api);
    }
    return f.mode;
  }

  newOpenid(): string {
    return `o${randomBytes(20).toString('base64url').slice(0, 27)}`;
  }

  unionidOf(openid: string): string {
    return `oU${createHash('sha256').update(`union:${openid}`).digest('base64url').slice(0, 26)}`;
  }

  mintLoginCode(openid: string): string {
    const code = randomBytes(16).toString('hex');
    this.loginCodes.set(code, { openid, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  mintPhoneCode(phoneNumber: string, countryCode = '86'): string {
    const code = randomBytes(16).toString('hex');
    this.phoneCodes.set(code, { phoneNumber, countryCode, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  issueToken(force: boolean): { token: string; expiresIn: number } {
    const now = this.now();
    const current = this.currentToken ? this.tokens.get(this.currentToken) : undefined;
    if (!force && this.currentToken && current && current > now + 60_000) {
      return { token: this.currentToken, expiresIn: Math.floor((current - now) / 1000) };
    }
    // After a forced refresh the previous token stays valid for 5 more minutes.
    if (this.currentToken && current) this.tokens.set(this.currentToken, Math.min(current, now + 5 * 60_000));
    const token = `sim_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, now + 7200_000);
    this.currentToken = token;
    return { token, expiresIn: 7200 };
  }

  tokenValid(token: string | undefined): boolean {
    if (!token) return false;
    const exp = this.tokens.get(token);
    return exp !== undefined && exp > this.now();
  }

  /** Control: every issued token becomes invalid (like a secret reset). */
  invalidateTokens(): void {
    this.tokens.clear();
    this.currentToken = null;
  }

  grantConsent(openid: string, templateId: string, times = 1): void {
    const m = this.consents.get(openid) ?? new Map<string, number>();
    m.set(templateId, (m.get(templateId) ?? 0) + times);
    this.consents.set(openid, m);
  }

  takeConsent(openid: string, templateId: string): boolean {
    const m = this.consents.get(openid);
    const n = m?.get(templateId) ?? 0;
    if (n <= 0) return false;
    m!.set(templateId, n - 1);
    return true;
  }
}
