import type { Notification } from 'tributary-kit';

/** A failed run's notification, as the host makes one. */
export function failureNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    kind: 'failure',
    nqlId: 'sf_users',
    name: 'Salesforce users',
    runId: 'run-42',
    time: new Date('2025-01-31T02:00:00.000Z'),
    title: 'Salesforce users (sf_users) failed',
    text: 'Salesforce answered HTTP 503 three times',
    run: { status: 'failed', receivedRows: 1200, processedRows: 1180, importedRows: 0 },
    link: 'https://tributary.example.com/runs/run-42',
    ...overrides,
  };
}

/** Waits the notifier asks for, recorded instead of slept: each resolves at once. */
export function recordedWaits(): { waits: number[]; wait: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}
