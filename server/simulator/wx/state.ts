/**
 * State of the local WeChat mini-program simulator. One simulator stands in for
 * WeChat's servers; it keeps login and phone codes (single use), access
 * tokens, subscribe-message consents and sent messages in MongoDB (sim_wx_*),
 * each change one guarded update or an insert under a unique key. Faults and
 * call counts are knobs of this simulator process.
 */
import { createHash, randomBytes } from 'node:crypto';
import { nextSeq, SIM_COLLECTIONS, type Db } from '../db';

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

interface CodeDoc {
  _id: string;
  kind: 'login' | 'phone';
  openid?: string;
  phoneNumber?: string;
  countryCode?: string;
  expiresAt: number;
  used: boolean;
}

const CODE_TTL_MS = 5 * 60_000;
const CURRENT = 'current';

export type CodeResult<T> = { ok: true; value: T } | { ok: false; reason: 'invalid' | 'used' };

export class SimulatorState {
  readonly faults = new Map<FaultApi, Fault>();
  readonly calls: Record<string, number> = {};
  readonly pages: Set<string>;
  private readonly codes;
  private readonly tokens;
  private readonly consents;
  private readonly messages;

  constructor(
    db: Db,
    readonly appid: string,
    readonly secret: string,
    readonly demoUsers: DemoUser[],
    pages: string[],
    readonly now: () => number = Date.now,
  ) {
    this.pages = new Set(pages);
    this.codes = db.collection<CodeDoc>(SIM_COLLECTIONS.wxCodes);
    this.tokens = db.collection<{ _id: string; token?: string; expiresAt: number }>(SIM_COLLECTIONS.wxTokens);
    this.consents = db.collection<{ _id: string; count: number }>(SIM_COLLECTIONS.wxConsents);
    this.messages = db.collection<SentMessage & { seq: number }>(SIM_COLLECTIONS.wxMessages);
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

  async mintLoginCode(openid: string): Promise<string> {
    const code = randomBytes(16).toString('hex');
    await this.codes.insertOne({ _id: code, kind: 'login', openid, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  async mintPhoneCode(phoneNumber: string, countryCode = '86'): Promise<string> {
    const code = randomBytes(16).toString('hex');
    await this.codes.insertOne({ _id: code, kind: 'phone', phoneNumber, countryCode, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** Use a code once: one guarded update, so two instances racing with one code get one success. */
  async useCode(code: unknown, kind: CodeDoc['kind']): Promise<CodeResult<CodeDoc>> {
    if (typeof code !== 'string' || !code) return { ok: false, reason: 'invalid' };
    const used = await this.codes.findOneAndUpdate(
      { _id: code, kind, used: false, expiresAt: { $gte: this.now() } },
      { $set: { used: true } },
      { returnDocument: 'after' },
    );
    if (used) return { ok: true, value: used };
    const seen = await this.codes.findOne({ _id: code, kind });
    return { ok: false, reason: seen && seen.used && seen.expiresAt >= this.now() ? 'used' : 'invalid' };
  }

  async issueToken(force: boolean): Promise<{ token: string; expiresIn: number }> {
    const now = this.now();
    const current = await this.tokens.findOne({ _id: CURRENT });
    if (!force && current?.token && current.expiresAt > now + 60_000) {
      return { token: current.token, expiresIn: Math.floor((current.expiresAt - now) / 1000) };
    }
    // After a forced refresh the previous token stays valid for 5 more minutes.
    if (current?.token) {
      const grace = now + 5 * 60_000;
      await this.tokens.updateOne({ _id: current.token, expiresAt: { $gt: grace } }, { $set: { expiresAt: grace } });
    }
    const token = `sim_${randomBytes(24).toString('base64url')}`;
    await this.tokens.insertOne({ _id: token, expiresAt: now + 7200_000 });
    await this.tokens.updateOne({ _id: CURRENT }, { $set: { token, expiresAt: now + 7200_000 } }, { upsert: true });
    return { token, expiresIn: 7200 };
  }

  async tokenValid(token: unknown): Promise<boolean> {
    if (typeof token !== 'string' || !token || token === CURRENT) return false;
    return (await this.tokens.countDocuments({ _id: token, expiresAt: { $gt: this.now() } }, { limit: 1 })) > 0;
  }

  /** Control: every issued token becomes invalid (like a secret reset). */
  async invalidateTokens(): Promise<void> {
    await this.tokens.deleteMany({});
  }

  async grantConsent(openid: string, templateId: string, times = 1): Promise<void> {
    await this.consents.updateOne({ _id: `${openid}|${templateId}` }, { $inc: { count: times } }, { upsert: true });
  }

  /** One consent = one message: taken by a guarded decrement. */
  async takeConsent(openid: string, templateId: string): Promise<boolean> {
    const r = await this.consents.findOneAndUpdate({ _id: `${openid}|${templateId}`, count: { $gt: 0 } }, { $inc: { count: -1 } });
    return r !== null;
  }

  async recordMessage(m: SentMessage): Promise<void> {
    await this.messages.insertOne({ ...m, seq: nextSeq() });
  }

  async listMessages(openid?: string, limit = 10_000): Promise<SentMessage[]> {
    return this.messages
      .find(openid ? { touser: openid } : {}, { projection: { _id: 0, seq: 0 } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
  }

  countMessages(): Promise<number> {
    return this.messages.countDocuments({});
  }
}
