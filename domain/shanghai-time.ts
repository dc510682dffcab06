// Guangzhou's clock (Asia/Shanghai) for what people read: the workbench's screens and the ledgers'
// files both write instants as `2026-12-01 14:30`, whatever the zone of the device or the server.
const TIME_ZONE = 'Asia/Shanghai';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pieces(instant: string | number | Date): Record<string, string> | null {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return null;
  return Object.fromEntries(parts.formatToParts(d).map((p) => [p.type, p.value]));
}

/** 2026-12-01 14:30 in Asia/Shanghai; null for no instant or an unreadable one. */
export function shanghaiDateTime(instant: string | number | Date | null | undefined): string | null {
  if (instant === null || instant === undefined || instant === '') return null;
  const p = pieces(instant);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : null;
}
