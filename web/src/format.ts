// How the workbench writes times, amounts and durations: Guangzhou's clock (Asia/Shanghai) whatever
// the device's, `2026-12-01 14:30`, and `3,500 元` with thousands separators.
import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiDateTime } from '../../domain/shanghai-time';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 2026-12-01 14:30 (Asia/Shanghai); — when absent. */
export function fmtDateTime(iso: string | number | Date | null | undefined): string {
  return shanghaiDateTime(iso) ?? '—';
}

export function fmtDate(iso: string | number | Date | null | undefined): string {
  return shanghaiDateTime(iso)?.slice(0, 10) ?? '—';
}

const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** 3,500 元 · 1,234.5 元 */
export function fmtYuan(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '—';
  return `${yuan.format(amount)} 元`;
}

export function fmtNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(n);
}

/** 3天4小时: the two largest units, seconds only below a minute. */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const total = Math.max(0, Math.round(ms / 1000));
  const units: [string, number][] = [
    ['天', Math.floor(total / 86400)],
    ['小时', Math.floor((total % 86400) / 3600)],
    ['分钟', Math.floor((total % 3600) / 60)],
    ['秒', total % 60],
  ];
  const first = units.findIndex(([, n]) => n > 0);
  if (first === -1) return '0秒';
  return units
    .slice(first, first + 2)
    .filter(([, n]) => n > 0)
    .map(([u, n]) => `${n}${u}`)
    .join('');
}

/** 还剩 5小时 / 已逾期 2天3小时, from now. */
export function fmtDue(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = Date.parse(iso) - now;
  return diff >= 0 ? `还剩 ${fmtDuration(diff)}` : `已逾期 ${fmtDuration(-diff)}`;
}

export function isPast(iso: string | null | undefined, now = Date.now()): boolean {
  return !!iso && Date.parse(iso) < now;
}

/**
 * Date pickers show wall-clock times of the device's zone; the workbench means Guangzhou's. These
 * two convert between an instant and a Dayjs whose fields are that instant's Shanghai wall clock.
 */
export function shanghaiWallClock(instant: Date | string | number = Date.now()): Dayjs {
  const shifted = new Date(new Date(instant).getTime() + CHINA_OFFSET_MS);
  return dayjs(
    new Date(
      shifted.getUTCFullYear(),
      shifted.getUTCMonth(),
      shifted.getUTCDate(),
      shifted.getUTCHours(),
      shifted.getUTCMinutes(),
      shifted.getUTCSeconds(),
    ),
  );
}

/** The ISO instant (with +08:00) of a Shanghai wall-clock time picked in a date picker. */
export function fromShanghaiWallClock(value: Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}
