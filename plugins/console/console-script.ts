/**
 * The console's browser code, plain ES5 without a framework: it reads the JSON API (sending the token
 * the operator typed, kept in sessionStorage, as `Authorization: Bearer`) and builds the page with DOM
 * calls; what acts (run now, the mapping preview) is a POST. Text from the server only ever reaches the
 * page as text (textContent), never as HTML. The CSV download is the server's export of the whole
 * query result, fetched with the token.
 */
export const CONSOLE_JS = String.raw`(function () {
  'use strict';
  var body = document.body;
  var base = body.getAttribute('data-base');
  var writable = body.getAttribute('data-writable') === 'true';
  var app = document.getElementById('app');
  var TOKEN_KEY = 'tributary-token';
  var timer;

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function parsed(text) {
    try { return text ? JSON.parse(text) : {}; } catch (e) { return { error: text }; }
  }

  // Resolves with the response when it is a success; otherwise fails with the server's error message.
  function request(path, method, accept) {
    var headers = { Accept: accept };
    if (token()) headers.Authorization = 'Bearer ' + token();
    return fetch(path, { method: method || 'GET', headers: headers }).then(function (response) {
      if (response.ok) return response;
      return response.text().then(function (text) {
        var error = new Error(parsed(text).error || response.statusText);
        error.status = response.status;
        error.retryAfter = response.headers.get('Retry-After');
        throw error;
      });
    });
  }

  function api(path, method) {
    return request(path, method, 'application/json').then(function (response) { return response.text(); }).then(parsed);
  }

  // Fetches a file with the token (a plain link could not send it) and hands it to the browser as a download.
  function download(path, filename) {
    return request(path, 'GET', 'text/csv').then(function (response) { return response.blob(); }).then(function (blob) {
      var link = el('a', { href: URL.createObjectURL(blob), download: filename });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
    });
  }

  var messages = document.getElementById('messages');
  function say(text, kind) {
    messages.textContent = '';
    if (text) messages.appendChild(el('div', { class: 'message' + (kind ? ' ' + kind : ''), role: kind === 'error' ? 'alert' : 'status', text: text }));
  }
  function failed(error) {
    if (error.status === 401) say('This server needs its operator token: enter it at the top right.', 'error');
    else if (error.status === 429) say('The server is busy with other checks: try again in ' + (error.retryAfter || 'a few') + ' seconds.', 'error');
    else say('Error: ' + error.message, 'error');
  }

  function badge(status) { return el('span', { class: 'badge ' + status, text: status }); }
  function when(iso) { return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : ''; }
  function count(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : ''; }
  function seconds(ms) { return typeof ms === 'number' ? (ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s') : ''; }
  function quote(text) { return '"' + String(text).replace(/["\\]/g, '\\$&') + '"'; }

  function runButton(nqlId, running, onStarted) {
    var button = el('button', {
      'data-run': nqlId,
      disabled: !writable || running,
      title: writable ? (running ? 'running now' : 'start a run now') : 'read-only: the server has no token',
      text: running ? 'Running…' : 'Run now',
    });
    button.addEventListener('click', function () {
      button.disabled = true;
      api('/api/connectors/' + encodeURIComponent(nqlId) + '/run', 'POST').then(function () {
        say(nqlId + ': run started');
        if (onStarted) onStarted();
      }, function (error) { button.disabled = false; failed(error); });
    });
    return button;
  }

  function poll(render, everyMs) {
    clearInterval(timer);
    render();
    timer = setInterval(render, everyMs);
  }

  function connectorList() {
    var tbody = el('tbody');
    app.appendChild(el('h2', { text: 'Connectors' }));
    app.appendChild(el('table', { id: 'connectors' }, [
      el('thead', {}, [el('tr', {}, ['Connector', 'NQL ID', 'Template', 'Status', 'Last run', 'Rows', 'Duration', 'Next run', ''].map(function (h) { return el('th', { text: h }); }))]),
      tbody,
    ]));
    poll(function () {
      api('/api/connectors').then(function (data) {
        tbody.textContent = '';
        data.connectors.forEach(function (c) {
          var last = c.lastRun || {};
          tbody.appendChild(el('tr', { 'data-nql-id': c.nqlId, class: last.status === 'failure' ? 'failure' : '' }, [
            el('td', {}, [el('a', { href: base + '/connectors/' + encodeURIComponent(c.nqlId), text: c.name })]),
            el('td', { text: c.nqlId }),
            el('td', { text: c.connector }),
            el('td', { class: 'status' }, [c.running ? badge('running') : last.status ? badge(last.status) : el('span', { class: 'muted', text: 'never ran' })]),
            el('td', { text: when(last.time) }),
            el('td', { class: 'num', text: count(last['details.number_of_processed_rows']) }),
            el('td', { class: 'num', text: seconds(last['details.duration_ms']) }),
            el('td', { text: c.nextRunAt ? when(c.nextRunAt) : (c.schedule ? '' : 'not scheduled') }),
            el('td', {}, [runButton(c.nqlId, c.running)]),
          ]));
        });
      }, failed);
    }, 2000);
  }

  function chart(entries) {
    var runs = entries.filter(function (e) { return e.time; }).slice().reverse();
    var W = 960, H = 240, left = 70, right = 70, top = 24, bottom = 36;
    var root = svg('svg', { class: 'chart', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Rows processed and duration of the recent runs' });
    if (runs.length === 0) { root.appendChild(svg('text', { x: 20, y: 40 }, 'No runs yet')); return root; }
    var times = runs.map(function (r) { return Date.parse(r.time); });
    var t0 = Math.min.apply(null, times), t1 = Math.max.apply(null, times);
    var rowsMax = Math.max.apply(null, runs.map(function (r) { return r['details.number_of_processed_rows'] || 0; }).concat([1]));
    var durMax = Math.max.apply(null, runs.map(function (r) { return r['details.duration_ms'] || 0; }).concat([1]));
    var plotW = W - left - right, plotH = H - top - bottom;
    var pad = 24;
    function x(t) { return left + pad + (t1 === t0 ? (plotW - 2 * pad) / 2 : ((t - t0) / (t1 - t0)) * (plotW - 2 * pad)); }
    var bar = Math.max(3, Math.min(24, plotW / runs.length / 2));
    root.appendChild(svg('line', { x1: left, y1: top + plotH, x2: W - right, y2: top + plotH, stroke: '#d9dee6' }));
    root.appendChild(svg('text', { x: left - 8, y: top + 4, 'text-anchor': 'end' }, count(rowsMax)));
    root.appendChild(svg('text', { x: left - 8, y: top + plotH, 'text-anchor': 'end' }, '0'));
    root.appendChild(svg('text', { x: W - right + 8, y: top + 4 }, seconds(durMax)));
    root.appendChild(svg('text', { x: left, y: H - 10 }, when(runs[0].time)));
    root.appendChild(svg('text', { x: W - right, y: H - 10, 'text-anchor': 'end' }, when(runs[runs.length - 1].time)));
    root.appendChild(svg('rect', { x: left, y: 6, width: 10, height: 10, fill: '#8fb0ea' }));
    root.appendChild(svg('text', { x: left + 14, y: 15 }, 'rows processed'));
    root.appendChild(svg('line', { x1: left + 120, y1: 11, x2: left + 140, y2: 11, stroke: '#1d2430', 'stroke-width': 2 }));
    root.appendChild(svg('text', { x: left + 144, y: 15 }, 'duration'));
    var points = [];
    runs.forEach(function (r, i) {
      var rows = r['details.number_of_processed_rows'] || 0;
      var h = (rows / rowsMax) * plotH;
      var rect = svg('rect', { x: x(times[i]) - bar / 2, y: top + plotH - h, width: bar, height: Math.max(h, 1), fill: r.status === 'failure' ? '#e5877f' : r.status === 'partial' ? '#e8b66a' : '#8fb0ea' });
      rect.appendChild(svg('title', {}, when(r.time) + ': ' + r.status + ', ' + count(rows) + ' rows, ' + seconds(r['details.duration_ms'])));
      root.appendChild(rect);
      points.push(x(times[i]) + ',' + (top + plotH - ((r['details.duration_ms'] || 0) / durMax) * plotH));
    });
    root.appendChild(svg('polyline', { points: points.join(' '), fill: 'none', stroke: '#1d2430', 'stroke-width': 2 }));
    points.forEach(function (p) { var xy = p.split(','); root.appendChild(svg('circle', { cx: xy[0], cy: xy[1], r: 3, fill: '#1d2430' })); });
    return root;
  }

  function historyTable(entries) {
    var columns = [['time', 'Time'], ['status', 'Status'], ['details.number_of_received_rows', 'Received'], ['details.number_of_processed_rows', 'Processed'], ['details.number_of_imported_rows', 'Imported'], ['details.api_calls', 'API calls'], ['details.duration_ms', 'Duration'], ['details.description', 'Description']];
    return el('table', { id: 'history' }, [
      el('thead', {}, [el('tr', {}, columns.map(function (c) { return el('th', { text: c[1] }); }))]),
      el('tbody', {}, entries.map(function (e) {
        return el('tr', { class: e.status === 'failure' ? 'failure' : '', 'data-run-id': e['details.run_id'] }, columns.map(function (c) {
          var v = e[c[0]];
          if (c[0] === 'status') return el('td', {}, [badge(v)]);
          if (c[0] === 'time') return el('td', { text: when(v) });
          if (c[0] === 'details.duration_ms') return el('td', { class: 'num', text: seconds(v) });
          return el('td', { class: typeof v === 'number' ? 'num' : '', text: typeof v === 'number' ? count(v) : (v || '') });
        }));
      })),
    ]);
  }

  function previewSection(nqlId) {
    var out = el('div', { id: 'preview' });
    var button = el('button', {
      class: 'secondary',
      disabled: !writable,
      title: writable ? 'authenticate, read one page and map it; writes nothing' : 'read-only: the server has no token',
      text: 'Preview the mapping (check)',
    });
    button.addEventListener('click', function () {
      button.disabled = true;
      out.textContent = 'Authenticating and reading one page…';
      api('/api/connectors/' + encodeURIComponent(nqlId) + '/check', 'POST').then(function (report) {
        out.textContent = '';
        out.appendChild(el('p', {}, [badge(report.ok ? 'success' : 'failure'), ' ' + (report.ok ? 'PASS' : 'FAIL') + (report.expectedRows !== undefined ? ' · the source announces ' + count(report.expectedRows) + ' rows' : '')]));
        report.messages.forEach(function (m) { out.appendChild(el('div', { class: 'muted', text: m })); });
        var fields = [];
        report.preview.forEach(function (p) { Object.keys(p.fields || {}).forEach(function (f) { if (fields.indexOf(f) < 0) fields.push(f); }); });
        out.appendChild(el('table', {}, [
          el('thead', {}, [el('tr', {}, ['identifier'].concat(fields).map(function (h) { return el('th', { text: h }); }))]),
          el('tbody', {}, report.preview.map(function (p) {
            if (p.error) return el('tr', { class: 'failure' }, [el('td', { colspan: fields.length + 1, text: 'rejected: ' + p.error })]);
            return el('tr', {}, [el('td', { text: p.identifier })].concat(fields.map(function (f) { var v = p.fields[f]; return el('td', { text: v === undefined ? '' : String(v) }); })));
          })),
        ]));
      }, function (error) { out.textContent = ''; failed(error); }).then(function () { button.disabled = false; });
    });
    return el('div', {}, [el('div', { class: 'toolbar' }, [button]), out]);
  }

  function connectorPage(nqlId) {
    var head = el('div');
    var chartBox = el('div');
    var history = el('div');
    app.appendChild(el('p', {}, [el('a', { href: base, text: '← all connectors' })]));
    app.appendChild(head);
    app.appendChild(el('h3', { text: 'Recent runs' }));
    app.appendChild(chartBox);
    app.appendChild(el('h3', { text: 'Run history' }));
    app.appendChild(history);
    app.appendChild(el('h3', { text: 'Mapping preview' }));
    app.appendChild(previewSection(nqlId));
    var nql = 'platform.inbound_connector_logs | where details.nql_id == ' + quote(nqlId) + ' | sort time desc | limit 30';
    poll(function () {
      Promise.all([api('/api/connectors/' + encodeURIComponent(nqlId)), api('/api/runs?limit=30&nql=' + encodeURIComponent(nql))]).then(function (results) {
        var c = results[0], page = results[1];
        head.textContent = '';
        head.appendChild(el('div', { class: 'toolbar' }, [el('h2', { text: c.name }), runButton(c.nqlId, c.running)]));
        head.appendChild(el('div', { class: 'facts' }, [
          el('span', {}, ['NQL ID ', el('b', { text: c.nqlId })]),
          el('span', {}, ['Template ', el('b', { text: c.connector })]),
          el('span', {}, ['Status ', c.running ? badge('running') : c.lastRun ? badge(c.lastRun.status) : el('b', { text: 'never ran' })]),
          el('span', {}, ['Schedule ', el('b', { text: c.schedule || 'none (runs on demand)' })]),
          el('span', {}, ['Next run ', el('b', { text: c.nextRunAt ? when(c.nextRunAt) : '—' })]),
        ]));
        chartBox.textContent = '';
        chartBox.appendChild(chart(page.entries));
        history.textContent = '';
        history.appendChild(page.entries.length ? historyTable(page.entries) : el('p', { class: 'muted', text: 'No runs yet.' }));
      }, failed);
    }, 2000);
  }

  function queryPage() {
    var PAGE = 100;
    var params = new URLSearchParams(location.search);
    var input = el('textarea', { id: 'nql', rows: 3, spellcheck: 'false' });
    input.value = params.get('nql') || 'platform.inbound_connector_logs during past 7d | list time, status, details.nql_id, details.number_of_processed_rows, details.description | sort time desc';
    var result = el('div', { id: 'result' });
    var offset = 0;
    function run() {
      var nql = input.value;
      history.replaceState(null, '', base + '/query?nql=' + encodeURIComponent(nql));
      api('/api/runs?limit=' + PAGE + '&offset=' + offset + '&nql=' + encodeURIComponent(nql)).then(function (page) {
        say('');
        result.textContent = '';
        // The whole result, streamed by the server: not only the page on screen.
        var csv = el('button', { id: 'csv', class: 'secondary', text: 'Download CSV (all ' + count(page.total) + ')', title: 'every entry the query returns, as CSV' });
        csv.addEventListener('click', function () {
          csv.disabled = true;
          download('/api/runs.csv?nql=' + encodeURIComponent(nql), 'tributary-logs.csv').then(function () { csv.disabled = false; }, function (error) { csv.disabled = false; failed(error); });
        });
        var prev = el('button', { class: 'secondary', text: '← previous', disabled: offset === 0 });
        prev.addEventListener('click', function () { offset = Math.max(0, offset - PAGE); run(); });
        var next = el('button', { class: 'secondary', text: 'next →', disabled: offset + PAGE >= page.total });
        next.addEventListener('click', function () { offset += PAGE; run(); });
        var shown = page.total === 0 ? 'no entries' : 'entries ' + (page.offset + 1) + '–' + (page.offset + page.entries.length) + ' of ' + page.total;
        result.appendChild(el('div', { class: 'toolbar' }, [el('span', { id: 'count', text: shown }), prev, next, csv]));
        result.appendChild(el('table', { id: 'rows' }, [
          el('thead', {}, [el('tr', {}, page.columns.map(function (c) { return el('th', { text: c }); }))]),
          el('tbody', {}, page.entries.map(function (e) {
            return el('tr', { class: e.status === 'failure' ? 'failure' : '' }, page.columns.map(function (c) {
              var v = e[c];
              return el('td', { class: typeof v === 'number' ? 'num' : '', text: v === null || v === undefined ? '' : String(v) });
            }));
          })),
        ]));
      }, failed);
    }
    var button = el('button', { id: 'run-query', text: 'Run query' });
    button.addEventListener('click', function () { offset = 0; run(); });
    app.appendChild(el('h2', { text: 'Execution log (NQL)' }));
    app.appendChild(input);
    app.appendChild(el('div', { class: 'toolbar' }, [button, el('span', { class: 'muted', text: 'e.g. platform.inbound_connector_logs during past 7d | where status == failure | list time, details.name, details.description' })]));
    app.appendChild(result);
    if (params.get('nql')) run();
  }

  var tokenInput = document.getElementById('token');
  tokenInput.value = token();
  document.getElementById('token-save').addEventListener('click', function () {
    if (tokenInput.value) sessionStorage.setItem(TOKEN_KEY, tokenInput.value); else sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });

  var path = location.pathname.slice(base.length);
  var match = /^\/connectors\/([^/]+)$/.exec(path);
  if (match) connectorPage(decodeURIComponent(match[1]));
  else if (path === '/query') queryPage();
  else connectorList();
})();
`;
