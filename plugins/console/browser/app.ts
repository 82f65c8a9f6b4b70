/**
 * The console's browser entry, loaded by every page as an ES module: it reads the JSON API (sending the
 * token the operator typed, kept in sessionStorage, as `Authorization: Bearer`) and builds the page
 * with DOM calls; what acts (run now, pause and resume, the mapping preview, the preview of a user)
 * is a POST. Text from the server only ever reaches the page as text, never as HTML.
 */
import { auditPage } from './audit-page.js';
import { connectorList } from './connector-list.js';
import { connectorPage } from './connector-page.js';
import { consoleContext } from './console-context.js';
import { overviewPage } from './overview-page.js';
import { queryPage } from './query-page.js';
import { runPage } from './run-page.js';
import { timeZoneButton } from './time-zone-button.js';
import { saveToken, token } from './token.js';
import { userChangesPage } from './user-changes-page.js';

function tokenField(): void {
  const input = document.getElementById('token');
  const save = document.getElementById('token-save');
  if (!(input instanceof HTMLInputElement) || !save) return;
  input.value = token();
  save.addEventListener('click', () => {
    saveToken(input.value);
    location.reload();
  });
}

const context = consoleContext(document);
tokenField();
timeZoneButton(document.getElementById('time-zone'));
const path = location.pathname.slice(context.base.length);
const connector = /^\/connectors\/([^/]+)$/.exec(path)?.[1];
const run = /^\/runs\/([^/]+)$/.exec(path)?.[1];
if (connector !== undefined) connectorPage(context, decodeURIComponent(connector));
else if (run !== undefined) runPage(context, decodeURIComponent(run));
else if (path === '/changes') userChangesPage(context);
else if (path === '/query') queryPage(context);
else if (path === '/overview') overviewPage(context);
else if (path === '/audit') auditPage(context);
else connectorList(context);
