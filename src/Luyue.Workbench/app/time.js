// Times are shown in the platform's zone (the rule pack's timeZone), whatever the browser's zone is.
// A time with no platform (a filing's submission) is shown in China's: the marketplaces' zone, and not whichever pack's
// zone loaded first (the packs load at once, and the olist pack's is São Paulo's).
const zones = new Map();
const homeZone = 'Asia/Shanghai';

/** Records the zone of each platform from its pack in force. */
export function setZone(platform, zone) {
  zones.set(platform, zone);
}

export const zoneOf = (platform) => zones.get(platform) ?? homeZone;

const formats = new Map();
function format(zone) {
  if (!formats.has(zone)) {
    formats.set(zone, new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }));
  }
  return formats.get(zone);
}

/** "2024-06-01 08:00:00" in the platform's zone, or "" for no time. */
export function showTime(iso, platform) {
  if (!iso) return '';
  return format(zoneOf(platform)).format(new Date(iso));
}

/** A countdown: "1天 02:03:04", with a minus sign once the deadline has passed. */
export function showLeft(seconds, dayWord) {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(Math.trunc(seconds));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const pad = (n) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return sign + (days > 0 ? `${days}${dayWord} ` : '') + clock;
}

/** Seconds of an ISO-8601 duration such as PT24H or P1DT2H30M, or null. */
export function durationSeconds(text) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text ?? '');
  if (!m) return null;
  return (+(m[1] ?? 0)) * 86400 + (+(m[2] ?? 0)) * 3600 + (+(m[3] ?? 0)) * 60 + (+(m[4] ?? 0));
}

/** An instant as ISO-8601 with the zone's offset at that instant ("2024-06-01T08:00:00+08:00"), as CONTRACT events carry time. */
export function isoInZone(date, zone) {
  const local = format(zone).format(date).replace(' ', 'T');
  const asUtc = Date.parse(`${local}Z`);
  const offset = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offset < 0 ? '-' : '+';
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}
