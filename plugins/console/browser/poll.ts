let timer: number | undefined;

/** Renders now and then every `everyMs`, replacing whatever polled before (one page polls at a time). */
export function poll(render: () => void, everyMs: number): void {
  clearInterval(timer);
  render();
  timer = setInterval(render, everyMs);
}
