/**
 * The chain's business time is Asia/Shanghai (UTC+8 all year), wherever the operator's browser is: the server reads
 * every YYYY-MM-DD of a query as a Shanghai day, and every instant shown here is shown in Shanghai time. antd's
 * pickers hold a Dayjs in the browser's zone, so they hold Shanghai *wall* values, converted at the edges by
 * shared's shanghaiDay / shanghaiWall / shanghaiWallInstant (table-tested in tests/shared/booking-slots.test.ts).
 * - `today()`: the Shanghai calendar date at the browser's midnight (date pickers; `.format('YYYY-MM-DD')` gives it back).
 * - `wallOf(iso)`: an instant's Shanghai wall time, to show (`.format('HH:mm')`) or to put in a date-time picker.
 * - `instantOf(value)`: a picked Shanghai wall time back to the instant (ISO) the server stores.
 * - `dayOf(iso)`: the Shanghai YYYY-MM-DD of an instant.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiDay, shanghaiWall, shanghaiWallInstant } from '@homeclub/shared';

export const today = (): Dayjs => dayjs(shanghaiDay(Date.now()));
export const wallOf = (iso: string | number | Date): Dayjs => dayjs(shanghaiWall(iso));
export const instantOf = (wall: Dayjs): string => shanghaiWallInstant(wall.format('YYYY-MM-DDTHH:mm:ss')).toISOString();
export const dayOf = (iso: string | number | Date): string => shanghaiDay(new Date(iso));
