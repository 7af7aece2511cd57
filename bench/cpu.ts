/**
 * Where the CPU went during a phase: this process (autocannon, the load generator) and PostgreSQL,
 * beside the server's own figure that its child reports. On a small machine these share the cores,
 * so they explain a ceiling that is not the server's. PostgreSQL's share is read from /proc (Linux).
 */
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** CPU time per wall-clock time during a phase, in % of one core (a 2-core machine has 200 %). */
export interface PhaseCpu {
  serverPercent: number;
  /** Every `postgres` process together; absent where /proc cannot be read. */
  postgresPercent?: number;
  loadGeneratorPercent: number;
  /** Every process on the machine; what the three above do not account for is work that is not ours. */
  machinePercent: number;
}

export interface CpuSnapshot {
  at: bigint;
  self: NodeJS.CpuUsage;
  postgresSeconds?: number;
  machine: CoreTimes;
}

interface CoreTimes {
  idle: number;
  all: number;
}

/** Idle and total time of all cores so far, in ms. */
function coreTimes(): CoreTimes {
  return os.cpus().reduce(
    (sum, cpu) => {
      const { user, nice, sys, idle, irq } = cpu.times;
      return { idle: sum.idle + idle, all: sum.all + user + nice + sys + idle + irq };
    },
    { idle: 0, all: 0 },
  );
}

/** The share of all cores that was busy between two readings, in % of one core. */
function busyBetween(before: CoreTimes, after: CoreTimes): number {
  const all = after.all - before.all;
  return all > 0 ? (1 - (after.idle - before.idle) / all) * os.cpus().length * 100 : 0;
}

/** Clock ticks per second of /proc/<pid>/stat times: 100 on every Linux build in use. */
const CLOCK_TICKS = 100;

function processSeconds(pid: string): { name: string; seconds: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    // After the name: state is field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(close + 2).split(' ');
    return { name, seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
  } catch {
    return undefined; // the process ended meanwhile
  }
}

/** CPU seconds used so far by the processes named `postgres` (server and backends). */
function postgresSeconds(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return fs
      .readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(processSeconds)
      .reduce((sum, found) => sum + (found?.name === 'postgres' ? found.seconds : 0), 0);
  } catch {
    return undefined;
  }
}

export function cpuSnapshot(): CpuSnapshot {
  return { at: process.hrtime.bigint(), self: process.cpuUsage(), postgresSeconds: postgresSeconds(), machine: coreTimes() };
}

export function cpuSince(before: CpuSnapshot): Omit<PhaseCpu, 'serverPercent'> {
  const elapsedSeconds = Number(process.hrtime.bigint() - before.at) / 1e9;
  const self = process.cpuUsage(before.self);
  const postgresNow = postgresSeconds();
  return {
    loadGeneratorPercent: ((self.user + self.system) / 1e6 / elapsedSeconds) * 100,
    machinePercent: busyBetween(before.machine, coreTimes()),
    postgresPercent:
      postgresNow === undefined || before.postgresSeconds === undefined ? undefined : ((postgresNow - before.postgresSeconds) / elapsedSeconds) * 100,
  };
}

/** How busy the machine was over `ms`, in % of one core: work that is not ours skews every figure. */
export async function busyPercent(ms: number): Promise<number> {
  const before = coreTimes();
  await sleep(ms);
  return busyBetween(before, coreTimes());
}

/** CPU of the phase that none of the measured processes used: other work on the machine. */
export function otherPercent(cpu: PhaseCpu): number {
  return Math.max(0, cpu.machinePercent - cpu.serverPercent - (cpu.postgresPercent ?? 0) - cpu.loadGeneratorPercent);
}
