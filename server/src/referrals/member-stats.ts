/** Which members are active partners (member insight). */
import { Types, type Connection } from 'mongoose';
import { referralModels } from './model';

export function createReferralMemberStats(conn: Connection) {
  const { Partner } = referralModels(conn);
  return {
    /** Every active partner's member id (a small set: one read for a whole scores run). */
    async activePartnerIds(): Promise<Set<string>> {
      const docs = await Partner.find({ status: 'active' }, { memberId: 1 }).lean<{ memberId: Types.ObjectId }[]>();
      return new Set(docs.map((d) => String(d.memberId)));
    },
  };
}
