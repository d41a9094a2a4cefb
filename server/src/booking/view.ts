import { beforeCutoff, type BookingView, type StaffBookingView } from '@homeclub/shared';
import type { StoreDoc } from '../stores/service';
import type { MemberDoc } from '../members/service';
import { ACTIVE_STATES, type BookingDoc } from './model';

export function toBookingView(b: BookingDoc, store: StoreDoc | null | undefined, now: Date): BookingView {
  const deadline = new Date(b.start.getTime() - b.cutoffMinutes * 60_000);
  return {
    id: String(b._id),
    code: b.code,
    state: b.state,
    kind: b.kind,
    serviceId: String(b.serviceId),
    serviceName: b.serviceName,
    storeId: String(b.storeId),
    storeName: store?.name ?? '门店',
    storeAddress: store?.address ?? '',
    storePhone: store?.phone ?? '',
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    name: b.name,
    phone: b.phone,
    address: b.address,
    note: b.note,
    depositFen: b.depositFen,
    depositState: b.depositState,
    expireAt: b.state === 'pending_payment' && b.expireAt ? b.expireAt.toISOString() : null,
    pointsAwarded: b.pointsAwarded ?? 0,
    changeDeadline: deadline.toISOString(),
    canChange: ACTIVE_STATES.includes(b.state) && beforeCutoff(b.start, now, b.cutoffMinutes),
    attendedAt: b.attendedAt?.toISOString() ?? null,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    createdAt: b.createdAt.toISOString(),
  };
}

export function toStaffBookingView(b: BookingDoc, store: StoreDoc | null | undefined, member: MemberDoc | null | undefined, now: Date): StaffBookingView {
  return { ...toBookingView(b, store, now), memberId: String(b.memberId), memberNickname: member?.nickname ?? '会员', noShowCount: member?.noShows ?? 0 };
}
