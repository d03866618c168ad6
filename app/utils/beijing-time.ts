// Deadlines are typed and shown in Beijing time (UTC+8 all year, no daylight
// saving since 1991), whatever the server's or the browser's time zone: a
// <input type="datetime-local"> value "2026-12-31T17:00" means 17:00 in Beijing.
const OFFSET_MS = 8 * 3600 * 1000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "YYYY-MM-DDTHH:mm" in Beijing time → the instant, or null when it is not such a value. */
export function parseBeijingLocal(value: string): Date | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(utc);
  // 31 February and the like roll over: refuse them instead of moving the deadline.
  if (back.getUTCDate() !== day || back.getUTCMonth() !== month - 1) return null;
  return new Date(utc - OFFSET_MS);
}

/** The instant as a datetime-local value in Beijing time (for the form's default value). */
export function toBeijingLocal(value: Date | string): string {
  const d = new Date(new Date(value).getTime() + OFFSET_MS);
  return d.toISOString().slice(0, 16);
}
