import { expect } from 'chai';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchConfigFile } from '../../host/serve/scheduler/index.js';

describe('scheduler: config file watcher', () => {
  let dir: string;
  let file: string;
  let stop: () => void = () => undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-watch-'));
    file = join(dir, 'tributary.config.yaml');
    writeFileSync(file, 'connectors: []\n');
  });
  afterEach(() => {
    stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const nextChange = (): Promise<void> =>
    new Promise((resolve) => {
      stop = watchConfigFile(file, resolve, { debounceMs: 20 });
    });

  it('calls back after the file is written in place', async () => {
    const changed = nextChange();
    writeFileSync(file, 'connectors: [1]\n');
    await changed;
  });

  it('calls back after an editor saves by renaming a new file over it', async () => {
    const changed = nextChange();
    writeFileSync(join(dir, '.tributary.config.yaml.swp'), 'connectors: [2]\n');
    renameSync(join(dir, '.tributary.config.yaml.swp'), file);
    await changed;
  });

  it('calls back once for a burst of writes, and not for a rewrite with the same content', async () => {
    let calls = 0;
    let resolveFirst: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (resolveFirst = resolve));
    stop = watchConfigFile(
      file,
      () => {
        calls += 1;
        resolveFirst();
      },
      { debounceMs: 50 },
    );
    for (let i = 0; i < 5; i += 1) writeFileSync(file, `connectors: [${i}]\n`);
    await first;
    expect(calls).to.equal(1);
  });
});
