// pt-BR wording of times, sizes and durations for the desk's screens.
import { parseDuration } from '@cau/shared';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A compact elapsed time: "< 1 min", "12 min", "3 h 05 min", "2 d 4 h". */
export function compactDuration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return '< 1 min';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return m ? `${h} h ${String(m).padStart(2, '0')} min` : `${h} h`;
  }
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "há 2 h 05 min": how long a ticket has waited for the desk. */
export function waitingLabel(since: string | null, now: number): string | null {
  if (!since) return null;
  return `há ${compactDuration(now - Date.parse(since))}`;
}

/** "vence em 3 d 4 h" or "prazo vencido". */
export function deadlineLabel(deadline: string | null, now: number): { text: string; overdue: boolean; soon: boolean } | null {
  if (!deadline) return null;
  const left = Date.parse(deadline) - now;
  if (left <= 0) return { text: 'prazo vencido', overdue: true, soon: true };
  return { text: `vence em ${compactDuration(left)}`, overdue: false, soon: left < DAY };
}

/** Milliseconds as a plain duration for reports: "4 h 10 min", "—" when unknown. */
export function reportDuration(ms: number | null): string {
  return ms === null ? '—' : compactDuration(ms);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('pt-BR', { maximumFractionDigits: 1 })} MB`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

/** An ISO-8601 duration in words ("P5D" → "5 dias"), or null when it does not parse. */
export function describeIsoDuration(text: string): string | null {
  const d = parseDuration(text);
  if (!d) return null;
  const parts = [
    d.days ? plural(d.days, 'dia', 'dias') : '',
    d.hours ? plural(d.hours, 'hora', 'horas') : '',
    d.minutes ? plural(d.minutes, 'minuto', 'minutos') : '',
    d.seconds ? plural(d.seconds, 'segundo', 'segundos') : '',
  ].filter(Boolean);
  return parts.join(', ');
}

/** Initials for an avatar: "Ana Lúcia Conceição" → "AC". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]![0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]![0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** A session's device in words, from its User-Agent: "Chrome no Windows", "Aplicativo do atendimento no Linux". */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Dispositivo desconhecido';
  const ua = userAgent;
  const client = /Electron\//.test(ua) ? 'Aplicativo do atendimento'
    : /Edg\//.test(ua) ? 'Edge'
    : /OPR\//.test(ua) ? 'Opera'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : /^(node|undici|curl)/i.test(ua) ? 'Programa'
    : 'Navegador';
  const system = /Windows/.test(ua) ? 'Windows'
    : /iPhone|iPad/.test(ua) ? 'iOS'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /Android/.test(ua) ? 'Android'
    : /CrOS/.test(ua) ? 'ChromeOS'
    : /Linux/.test(ua) ? 'Linux'
    : null;
  return system ? `${client} no ${system}` : client;
}

/** "há 10 s", "há 3 min", "há 2 h": how long ago something just happened. */
export function agoLabel(at: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(at));
  if (ms < MINUTE) return `há ${Math.floor(ms / 1000)} s`;
  return `há ${compactDuration(ms)}`;
}
