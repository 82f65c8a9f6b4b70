const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The HTML shell every console page shares: no data in it (it is served without the token), only the
 * layout, whether the server accepts runs, and the stylesheet and script module (both assets, no
 * inline script or style) that fill it from the JSON API.
 */
export function consolePage(options: {
  readonly base: string;
  readonly assets: string;
  readonly title: string;
  readonly writable: boolean;
}): string {
  const { base, assets, title, writable } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Tributary</title>
<link rel="stylesheet" href="${escape(assets)}/app.css">
<script type="module" src="${escape(assets)}/app.js"></script>
</head>
<body data-base="${escape(base)}" data-writable="${writable}">
<header>
  <h1>Tributary</h1>
  <nav><a href="${escape(base)}">Connectors</a><a href="${escape(base)}/overview">Overview</a><a href="${escape(base)}/changes">Changes</a><a href="${escape(base)}/query">Query the log</a><a href="${escape(base)}/audit">Audit</a></nav>
  <button id="time-zone" class="secondary time-zone" type="button">Times: local</button>
  <span class="token">${writable ? '' : '<span title="set server.token to allow runs">read-only</span>'}
    <input id="token" type="password" placeholder="operator token" autocomplete="off" size="18">
    <button id="token-save" class="secondary">Use token</button></span>
</header>
<main>
  <div id="messages" aria-live="polite"></div>
  <div id="app"></div>
</main>
</body>
</html>
`;
}
