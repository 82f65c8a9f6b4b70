import { localZone, saveTimeMode, timeMode } from './format.js';

/**
 * The header's **Times: local (zone)** / **Times: UTC** button: every time of the console is shown in
 * the browser's time zone or in UTC (the UTC ISO is in each time's title either way); a click switches,
 * remembers the choice in this browser and shows the page again.
 */
export function timeZoneButton(button: HTMLElement | null): void {
  if (!button) return;
  const mode = timeMode();
  button.textContent = mode === 'utc' ? 'Times: UTC' : `Times: local (${localZone()})`;
  button.title = mode === 'utc' ? 'show times in this browser’s time zone' : 'show times in UTC';
  button.dataset['mode'] = mode;
  button.addEventListener('click', () => {
    saveTimeMode(mode === 'utc' ? 'local' : 'utc');
    location.reload();
  });
}
