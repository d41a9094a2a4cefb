/**
 * Runs a recorded step exactly once: the runner takes a lease on the step with
 * a guarded update, runs it, and marks it done under the same lease. A second
 * runner (duplicate notification, another instance, the recovery job) finds
 * the step leased or done and does nothing; a crashed runner's lease expires
 * and the job finishes the step.
 */
import { randomUUID } from 'node:crypto';
import type { Model, Types } from 'mongoose';
import type { Clock } from '../platform/clock';

const LEASE_MS = 60_000;

export type StepOutcome = 'done' | 'skipped' | 'failed';

/** The `$set`/`$inc` that takes a step's lease; a caller may merge it into the update that makes the step pending. */
export function leaseUpdate(field: string, clock: Clock, token: string) {
  return {
    $set: { [`${field}.leaseUntil`]: new Date(clock.now().getTime() + LEASE_MS), [`${field}.leaseToken`]: token },
    $inc: { [`${field}.attempts`]: 1 },
  };
}

export async function runLeasedStep<T extends { _id: Types.ObjectId }>(
  model: Model<T>,
  id: Types.ObjectId,
  field: string,
  clock: Clock,
  fn: (doc: T) => Promise<void>,
  /** the document and token when the caller already took the lease in its own update (one command less) */
  preclaimed?: { doc: T; token: string },
): Promise<StepOutcome> {
  const token = preclaimed?.token ?? randomUUID();
  const now = clock.now();
  const claimed = preclaimed?.doc ?? (await model
    .findOneAndUpdate(
      {
        _id: id,
        [`${field}.state`]: 'pending',
        $or: [{ [`${field}.leaseUntil`]: null }, { [`${field}.leaseUntil`]: { $lt: now } }],
      } as never,
      { $set: { [`${field}.leaseUntil`]: new Date(now.getTime() + LEASE_MS), [`${field}.leaseToken`]: token }, $inc: { [`${field}.attempts`]: 1 } } as never,
      { returnDocument: 'after', lean: true },
    )
    .exec()) as T | null;
  if (!claimed) return 'skipped';
  const mine = { _id: id, [`${field}.leaseToken`]: token } as never;
  try {
    await fn(claimed);
  } catch (err) {
    await model.updateOne(mine, { $set: { [`${field}.leaseUntil`]: null, [`${field}.leaseToken`]: null, [`${field}.lastError`]: (err as Error).message } } as never);
    return 'failed';
  }
  await model.updateOne(mine, {
    $set: { [`${field}.state`]: 'done', [`${field}.doneAt`]: clock.now(), [`${field}.leaseUntil`]: null, [`${field}.leaseToken`]: null, [`${field}.lastError`]: null },
  } as never);
  return 'done';
}
