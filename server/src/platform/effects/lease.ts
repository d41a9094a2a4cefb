/**
 * A leased step: one recorded step on a source document (an intent's paid hook,
 * a refund's refunded hook) run exactly once by whoever holds its lease.
 * Protocol: the step is `{state: pending|done, leaseUntil, leaseToken, attempts}`
 * at `field` of the document; the runner takes the lease with ONE guarded update
 * (pending and lease free or expired) — or the caller takes it inside the update
 * that made the step pending (`leaseUpdate`, one command less) — runs the step,
 * and marks it done under the same token. A second runner (duplicate
 * notification, another instance, the recovery job) finds it leased or done and
 * does nothing; a crashed runner's lease expires and the job runs it again, so
 * the step itself must be idempotent (its effects are entries or step lists).
 */
import { randomUUID } from 'node:crypto';
import type { Model, Types } from 'mongoose';
import type { Clock } from '../clock';

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
