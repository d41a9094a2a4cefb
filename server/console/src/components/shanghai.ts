/**
 * The chain's business time is Asia/Shanghai, wherever the operator's browser is: the server reads every
 * YYYY-MM-DD of a query as a Shanghai day, and every instant shown here is shown in Shanghai time.
 * - `today()` is the Shanghai calendar date as a Dayjs at the browser's midnight of that date, which is what
 *   antd's date pickers hold (a calendar date, formatted back with `.format('YYYY-MM-DD')`).
 * - `inShanghai(iso)` is an instant converted to Shanghai wall time, for formatting.
 * - `dayOf(iso)` is the Shanghai YYYY-MM-DD of an instant.
 * - Date-time pickers hold Shanghai wall time the same way: `wallOf(iso)` puts an instant's Shanghai wall time in
 *   a picker, `instantOf(value)` turns a picked wall time back into the instant (ISO) the server stores.
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { shanghaiDay, shanghaiWall, shanghaiWallInstant } from '@homeclub/shared';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

export const today = (): Dayjs => dayjs(shanghaiDay(Date.now()));
export const inShanghai = (iso: string | number | Date): Dayjs => dayjs(iso).tz(ZONE);
export const dayOf = (iso: string | number | Date): string => shanghaiDay(new Date(iso));
export const wallOf = (iso: string | number | Date): Dayjs => dayjs(shanghaiWall(new Date(iso)));
export const instantOf = (wall: Dayjs): string => shanghaiWallInstant(wall.format('YYYY-MM-DDTHH:mm:ss')).toISOString();
