/**
 * Each member's exclusive guide for member insight (segment condition 专属导购),
 * streamed in member-id order so the nightly scores job merges it with the
 * members in one pass. Read-only; guides/ never imports insight/.
 */
import { Types, type Connection } from 'mongoose';
import { guideModels, type BindingDoc } from './model';

export interface MemberGuideFacts {
  memberId: string;
  guideId: string;
}

export function createGuideMemberStats(conn: Connection) {
  const { Binding } = guideModels(conn);
  return {
    /** The binding of every member after `afterId` (bindings' `_id` is the member), in id order, as one streamed query. */
    async *bindingsStream(afterId: string | null): AsyncGenerator<MemberGuideFacts> {
      const filter = afterId ? { _id: { $gt: new Types.ObjectId(afterId) } } : {};
      const cursor = Binding.find(filter, { guideId: 1 }).sort({ _id: 1 }).lean<BindingDoc[]>().cursor({ batchSize: 1000 });
      for await (const b of cursor as AsyncIterable<BindingDoc>) yield { memberId: String(b._id), guideId: String(b.guideId) };
    },
  };
}

export type GuideMemberStats = ReturnType<typeof createGuideMemberStats>;
