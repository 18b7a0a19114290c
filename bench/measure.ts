import {renameSync, writeFileSync} from "node:fs";

/**
 * What every bench child process reports: wall seconds of the work itself (not process
 * start-up), peak RSS (sampled, and the kernel's maxRSS, which includes DuckDB's native
 * memory), and CPU seconds (so single-threaded work can be told from parallel work).
 */
export interface StageResult {
  stage: string;
  ok: boolean;
  error?: string;
  seconds: number;
  rows: number;
  rows_per_s: number;
  cpu_user_s: number;
  cpu_system_s: number;
  peak_rss_sampled_mb: number;
  max_rss_mb: number;
  load_avg_1m: number;
  extra?: Record<string, unknown>;
}

export interface Measurement {
  seconds: number;
  cpu_user_s: number;
  cpu_system_s: number;
  peak_rss_sampled_mb: number;
  max_rss_mb: number;
}

const MB = 1024 * 1024;

/** Times `fn`, sampling RSS every 25 ms while it runs (DuckDB works off the JS thread, so the timer fires). */
export async function measure<T>(fn: () => Promise<T>): Promise<{value: T; m: Measurement}> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage.rss());
    return {
      value,
      m: {
        seconds,
        cpu_user_s: cpu.user / 1e6,
        cpu_system_s: cpu.system / 1e6,
        peak_rss_sampled_mb: Math.round(peak / MB),
        // maxRSS is in kilobytes on Linux.
        max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024)
      }
    };
  } finally {
    clearInterval(timer);
  }
}

export function writeResult(path: string, result: StageResult | StageResult[]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(result));
  renameSync(tmp, path);
}
