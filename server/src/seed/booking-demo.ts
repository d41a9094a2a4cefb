/**
 * Booking demo: opening hours (with a lunch break on weekends), the 上门量尺
 * service area and the three services for each demo store. Idempotent
 * (profile and services are upserts), so it runs safely on every seed.
 */
import type { Services } from '../services';

const WEEKDAY = [{ open: '10:00', close: '21:00' }];
const WEEKEND = [
  { open: '09:30', close: '12:00' },
  { open: '13:00', close: '21:30' },
];

const AREAS: Record<string, { cities: string[]; districts: string[] }> = {
  'SH-XH': { cities: ['上海'], districts: ['徐汇区', '闵行区', '长宁区', '黄浦区', '静安区'] },
  'SH-PD': { cities: ['上海'], districts: ['浦东新区', '黄浦区', '杨浦区'] },
  'HZ-XH': { cities: ['杭州'], districts: [] },
};

export async function seedDemoBooking(services: Services, stores: Map<string, string>): Promise<void> {
  for (const [code, storeId] of stores) {
    await services.booking.catalog.setProfile(storeId, {
      hours: [WEEKEND, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKEND],
      closedDates: [],
      photos: [],
      serviceArea: AREAS[code] ?? { cities: [], districts: [] },
    });
    const common = { horizonDays: 14, leadMinutes: 60, cutoffMinutes: 120, keepDepositOnNoShow: true, noShowGraceMin: 30, active: true };
    await services.booking.catalog.putService(storeId, 'design', {
      ...common,
      description: '资深设计师一对一，带上户型图，45 分钟出方案思路',
      durationMin: 60,
      intervalMin: 60,
      capacity: 3,
      depositFen: 0,
      attendPoints: 200,
    });
    await services.booking.catalog.putService(storeId, 'visit', {
      ...common,
      description: '导购陪同逛店，体验样板间与智能家电',
      durationMin: 30,
      intervalMin: 30,
      capacity: 5,
      depositFen: 0,
      attendPoints: 50,
    });
    await services.booking.catalog.putService(storeId, 'measure', {
      ...common,
      description: '设计师上门测量，出具尺寸图，定金到场后全额退还',
      durationMin: 120,
      intervalMin: 120,
      capacity: 2,
      leadMinutes: 24 * 60,
      cutoffMinutes: 24 * 60,
      depositFen: 5000,
      attendPoints: 200,
    });
  }
}
