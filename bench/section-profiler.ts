/**
 * A V8 CPU profile of just the measured section of a scenario (not the process start and module
 * loading that `--cpu-prof` would include), through the inspector protocol.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** Starts profiling; the returned function stops and writes the `.cpuprofile` to `file`. */
export async function profileSection(file: string | undefined): Promise<() => Promise<void>> {
  if (file === undefined) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  };
}
