/**
 * In a `describe`: whatever a test starts and passes to the returned function (a server, `serve`) is
 * stopped after that test, whether it passed or failed. Returns what it is given.
 */
export function stoppedAfterEach<T extends { stop(): Promise<unknown> }>(): (started: T) => T {
  const running: T[] = [];
  afterEach(async () => {
    for (const started of running.splice(0)) await started.stop();
  });
  return (started) => {
    running.push(started);
    return started;
  };
}
