/** Console reads of referrals: who invited a member (the binding, by its unique member key). */
import { Types, type Connection } from 'mongoose';
import { referralModels } from './model';

export function createReferralsConsole(deps: { conn: Connection }) {
  const { Binding } = referralModels(deps.conn);
  return {
    async bindingOf(memberId: string) {
      return Binding.findOne({ memberId: new Types.ObjectId(memberId) }).lean();
    },
  };
}

export type ReferralsConsole = ReturnType<typeof createReferralsConsole>;
