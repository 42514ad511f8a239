import { readFileSync } from 'node:fs';

/**
 * CPU time (user and system) of this process's main thread alone, seconds, where Linux tells it
 * (`/proc/self/task/<pid>/stat`, whose task id for the main thread is the process id); undefined
 * elsewhere. Beside the process's CPU time (every thread), it shows how much of a run's work left
 * the main thread: a rebuild reading the store ahead on a second thread, say.
 */
export function mainThreadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
