/** Which members are active partners, for a range of member ids (member insight). */
import { Types, type Connection } from 'mongoose';
import { referralModels } from './model';

export function createReferralMemberStats(conn: Connection) {
  const { Partner } = referralModels(conn);
  return {
    async partnersInRange(fromId: string, toId: string): Promise<Set<string>> {
      const docs = await Partner.find({ memberId: { $gte: new Types.ObjectId(fromId), $lte: new Types.ObjectId(toId) }, status: 'active' }, { memberId: 1 }).lean<{ memberId: Types.ObjectId }[]>();
      return new Set(docs.map((d) => String(d.memberId)));
    },
  };
}
