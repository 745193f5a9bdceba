import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** The numbers of /proc/PID/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): number[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
  } catch {
    return null;
  }
}

// Offsets after the name: state is 0, ppid 1, utime 11, stime 12, cutime 13, cstime 14.
const PPID = 1;
const UTIME = 11;

/** CPU seconds a process has used, all its threads together (the service's pipeline thread included). */
export function processCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields ? (fields[UTIME]! + fields[UTIME + 1]!) / TICKS_PER_SECOND : 0;
}

/**
 * CPU seconds of a PostgreSQL server: the postmaster, the backends it has reaped (its children's
 * times) and those still running (a backend per connection, the WAL writer, the checkpointer).
 */
export function postgresCpuSeconds(postmasterPid: number): number {
  const own = statFields(postmasterPid);
  if (!own) return 0;
  let ticks = own[UTIME]! + own[UTIME + 1]! + own[UTIME + 2]! + own[UTIME + 3]!;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && fields[PPID] === postmasterPid) ticks += fields[UTIME]! + fields[UTIME + 1]!;
  }
  return ticks / TICKS_PER_SECOND;
}

export interface MachineCpu {
  busy: number;
  idle: number;
  iowait: number;
}

/** The whole machine's CPU seconds so far (every core), from /proc/stat: what others running meanwhile cost shows here. */
export function machineCpuSeconds(): MachineCpu {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return {
    busy: (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND,
    idle: idle! / TICKS_PER_SECOND,
    iowait: iowait! / TICKS_PER_SECOND,
  };
}
