// The ctv-gateway console: a single page on the admin port, talking to the admin API with the admin token (kept
// in sessionStorage, sent as a bearer token). No framework and no CDN: uPlot for the chart, the rest by hand.
'use strict';
(function () {
  const $ = (sel, root = document) => root.querySelector(sel);
  const TOKEN = 'ctvgw-admin-token';
  let token = sessionStorage.getItem(TOKEN) || '';
  let started = false;

  class Unauthorized extends Error {}

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (response.status === 401) {
      showLogin('the admin token was refused');
      throw new Unauthorized();
    }
    return response;
  }

  async function json(path, options) {
    const response = await api(path, options);
    const body = await response.json();
    if (!response.ok && !options?.allowError) {
      throw new Error(body.error ? body.error.code + ': ' + body.error.message : String(response.status));
    }
    return body;
  }

  // ---------------------------------------------------------------- login and tabs
  function showLogin(why) {
    stopAll();
    document.querySelectorAll('.tab').forEach((tab) => (tab.hidden = true));
    $('#tabs').hidden = true;
    $('#logout').hidden = true;
    $('#login').hidden = false;
    $('#login-error').textContent = why || '';
    started = false;
  }

  $('#login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('#token').value.trim();
    sessionStorage.setItem(TOKEN, token);
    boot();
  });
  $('#logout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN);
    token = '';
    showLogin('');
  });

  let current = 'status';
  document.querySelectorAll('#tabs button').forEach((button) => button.addEventListener('click', () => show(button.dataset.tab)));

  function show(name) {
    current = name;
    document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
    document.querySelectorAll('.tab').forEach((tab) => (tab.hidden = tab.id !== name));
    if (name === 'tail') startTail(); else stopTail();
    if (name === 'dead-letters') listDeadLetters();
    if (name === 'profiles') loadProfiles();
    if (name === 'playground') loadPlatforms();
  }

  async function boot() {
    try {
      await json('/console/api/status');
    } catch (e) {
      if (!(e instanceof Unauthorized)) showLogin(e.message);
      return;
    }
    $('#login').hidden = true;
    $('#tabs').hidden = false;
    $('#logout').hidden = !token;
    started = true;
    startStatus();
    show(current);
  }

  function stopAll() {
    stopStatus();
    stopTail();
  }

  // ---------------------------------------------------------------- status
  const WINDOW = 150; // points (2 s apart): the last 5 minutes
  const series = { t: [], accepted: [], duplicate: [], rejected: [], delivered: [] };
  let previous = null;
  const history = []; // the last snapshots: quantiles are over the last ~30 s, not one 2 s poll
  let statusTimer = null;
  let chart = null;

  function quantile(now, before, q) {
    const counts = now.counts.map((c, i) => c - (before && before.counts[i] !== undefined ? before.counts[i] : 0));
    const total = now.count - (before ? before.count : 0);
    if (total <= 0) return null;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] >= q * total) return now.le_ms[i];
    }
    return Infinity;
  }

  const ms = (v) => v === null ? '–' : v === Infinity ? '> 10 s' : v < 1 ? v.toFixed(1) + ' ms' : Math.round(v) + ' ms';
  const age = (v) => v < 1000 ? '0 s' : v < 120000 ? Math.round(v / 1000) + ' s' : Math.round(v / 60000) + ' min';

  async function pollStatus() {
    let s;
    try {
      s = await json('/console/api/status');
    } catch (e) {
      return;
    }
    $('#stat-accepted').textContent = s.installs.accepted + s.events.accepted;
    $('#stat-duplicate').textContent = s.installs.duplicate + s.events.duplicate;
    $('#stat-rejected').textContent = s.rejected;
    $('#stat-delivered').textContent = s.delivered;
    $('#stat-backlog').textContent = s.backlog.records;
    $('#stat-oldest').textContent = age(s.backlog.oldest_age_ms);
    $('#stat-breaker').textContent = s.breaker;
    $('#stat-ledger').textContent = s.ledger.type + (s.ledger.up ? ' up' : ' DOWN') + ' · ' + s.ledger.keys + ' keys';
    $('#stat-dead-letters').textContent = s.dead_letters;
    history.push(s);
    if (history.length > 16) history.shift();
    const before = history.length > 1 ? history[0].histograms : null;
    $('#stat-kochava').textContent = ms(quantile(s.histograms.kochava, before && before.kochava, 0.99));
    $('#stat-fsync').textContent = ms(quantile(s.histograms.fsync, before && before.fsync, 0.99));
    $('#stat-ingest').textContent = ms(quantile(s.histograms.ingest, before && before.ingest, 0.99));
    if (previous) {
      const seconds = Math.max(0.001, (s.at - previous.at) / 1000);
      const rate = (a, b) => Math.max(0, (a - b) / seconds);
      series.t.push(s.at / 1000);
      series.accepted.push(rate(s.installs.accepted + s.events.accepted, previous.installs.accepted + previous.events.accepted));
      series.duplicate.push(rate(s.installs.duplicate + s.events.duplicate, previous.installs.duplicate + previous.events.duplicate));
      series.rejected.push(rate(s.rejected, previous.rejected));
      series.delivered.push(rate(s.delivered, previous.delivered));
      for (const key of Object.keys(series)) if (series[key].length > WINDOW) series[key].shift();
      drawChart();
    }
    previous = s;
  }

  function drawChart() {
    const data = [series.t, series.accepted, series.duplicate, series.rejected, series.delivered];
    if (!chart) {
      chart = new uPlot({
        width: Math.max(400, $('#chart').clientWidth || 900), height: 260,
        series: [{}, { label: 'accepted/s', stroke: '#2f6fdd' }, { label: 'duplicate/s', stroke: '#8a5cd1' },
          { label: 'rejected/s', stroke: '#c23b22' }, { label: 'delivered/s', stroke: '#2a9d58' }],
        axes: [{}, { label: 'per second' }],
      }, data, $('#chart'));
    } else {
      chart.setData(data);
    }
  }

  function startStatus() {
    if (statusTimer) return;
    pollStatus();
    statusTimer = setInterval(pollStatus, 2000);
  }

  function stopStatus() {
    clearInterval(statusTimer);
    statusTimer = null;
  }

  // ---------------------------------------------------------------- live tail
  let tailAbort = null;
  let paused = false;

  function tailRow(entry) {
    const row = document.createElement('tr');
    row.className = 'outcome-' + entry.outcome;
    const code = entry.code ? entry.code + (entry.field ? ' / ' + entry.field : '') : '';
    const cells = [new Date(entry.at).toLocaleTimeString(), entry.kind, entry.platform, entry.app || '', entry.outcome,
      code, entry.ua_source || '', entry.device || '', entry.status || '', entry.latency_ms];
    for (const value of cells) {
      const td = document.createElement('td');
      td.textContent = value === null || value === undefined ? '' : String(value);
      row.appendChild(td);
    }
    return row;
  }

  async function startTail() {
    stopTail();
    const filters = new FormData($('#tail-filters'));
    const query = new URLSearchParams();
    for (const [key, value] of filters) if (value) query.set(key, value);
    const controller = new AbortController();
    tailAbort = controller;
    $('#tail-state').textContent = 'connecting…';
    let response;
    try {
      response = await api('/console/api/tail?' + query, { signal: controller.signal });
    } catch (e) {
      if (!(e instanceof Unauthorized)) $('#tail-state').textContent = 'not connected';
      return;
    }
    if (!response.ok) {
      $('#tail-state').textContent = 'refused: ' + response.status;
      return;
    }
    $('#tail-state').textContent = 'live';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    const body = $('#tail-table tbody');
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const message = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (!message.startsWith('data: ') || paused) continue;
          body.insertBefore(tailRow(JSON.parse(message.slice(6))), body.firstChild);
          while (body.rows.length > 200) body.deleteRow(body.rows.length - 1);
        }
      }
    } catch (e) {
      // aborted: another filter, another tab, or a closed console
    }
    if (tailAbort === controller) $('#tail-state').textContent = 'disconnected';
  }

  function stopTail() {
    if (tailAbort) tailAbort.abort();
    tailAbort = null;
  }

  $('#tail-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    $('#tail-table tbody').textContent = '';
    startTail();
  });
  $('#tail-pause').addEventListener('click', () => {
    paused = !paused;
    $('#tail-pause').textContent = paused ? 'Resume' : 'Pause';
  });

  // ---------------------------------------------------------------- dead letters
  function deadLetterQuery() {
    const filters = new FormData($('#dl-filters'));
    const query = new URLSearchParams();
    for (const [key, value] of filters) if (value) query.set(key, value);
    return query;
  }

  async function listDeadLetters() {
    const query = deadLetterQuery();
    query.set('limit', '200');
    let page;
    try {
      page = await json('/dead-letters?' + query);
    } catch (e) {
      $('#dl-state').textContent = e.message;
      return;
    }
    const body = $('#dl-table tbody');
    body.textContent = '';
    for (const letter of page.dead_letters) {
      const row = document.createElement('tr');
      row.dataset.id = letter.id;
      const pick = document.createElement('td');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.className = 'dl-pick';
      box.value = letter.id;
      pick.appendChild(box);
      row.appendChild(pick);
      for (const value of [letter.id, letter.reason, letter.status, letter.app_id || '', letter.platform || '',
        letter.attempts, new Date(letter.dead_at).toLocaleString()]) {
        const td = document.createElement('td');
        td.textContent = String(value);
        row.appendChild(td);
      }
      const actions = document.createElement('td');
      for (const [label, action] of [['view', viewDeadLetter], ['requeue', (id) => requeue([id])],
        ['purge', (id) => purge([id])]]) {
        const button = document.createElement('button');
        button.textContent = label;
        button.className = 'dl-' + label;
        button.addEventListener('click', () => action(letter.id));
        actions.appendChild(button);
      }
      row.appendChild(actions);
      body.appendChild(row);
    }
    $('#dl-state').textContent = page.dead_letters.length + ' shown of ' + page.total + ' kept';
  }

  async function viewDeadLetter(id) {
    const letter = await json('/dead-letters/' + id);
    $('#dl-detail').hidden = false;
    $('#dl-detail').textContent = JSON.stringify(letter, null, 2);
  }

  const picked = () => [...document.querySelectorAll('.dl-pick:checked')].map((box) => box.value);

  async function requeue(ids) {
    let done = 0;
    for (const id of ids) {
      const answer = await json('/dead-letters/' + id + '/requeue', { method: 'POST', allowError: true });
      done += answer.requeued || 0;
    }
    $('#dl-state').textContent = 'requeued ' + done;
    await listDeadLetters();
    $('#dl-state').textContent = 'requeued ' + done + ' · ' + $('#dl-state').textContent;
  }

  async function purge(ids) {
    if (!confirm('Purge ' + ids.length + ' dead letter(s)? They are deleted for good.')) return;
    for (const id of ids) await json('/dead-letters/' + id, { method: 'DELETE', allowError: true });
    await listDeadLetters();
  }

  $('#dl-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    listDeadLetters();
  });
  $('#dl-requeue-selected').addEventListener('click', () => requeue(picked()));
  $('#dl-purge-selected').addEventListener('click', () => purge(picked()));
  $('#dl-purge-all').addEventListener('click', async () => {
    if (!confirm('Purge EVERY dead letter? They are deleted for good.')) return;
    await json('/dead-letters?all=true', { method: 'DELETE' });
    await listDeadLetters();
  });

  // ---------------------------------------------------------------- playground
  const EXAMPLE_REQUEST = {
    app_id: 'koexample-app-id',
    ids: { rida: 'fa73d67d-f55c-5af3-883a-726253dc7d0e' },
    os_version: '12.0.0.4186',
    model: '3920X',
  };

  async function loadPlatforms() {
    const select = $('#pg-platform');
    if (select.options.length) return;
    const profiles = await json('/profiles');
    for (const id of profiles.profiles) {
      const option = document.createElement('option');
      option.value = option.textContent = id;
      select.appendChild(option);
    }
    if (profiles.profiles.includes('roku')) select.value = 'roku';
    if (!$('#pg-request').value) $('#pg-request').value = JSON.stringify(EXAMPLE_REQUEST, null, 2);
  }

  $('#pg-use-draft').addEventListener('change', () => {
    $('#pg-draft').hidden = !$('#pg-use-draft').checked;
    $('#pg-platform').disabled = $('#pg-use-draft').checked;
  });

  $('#pg-try').addEventListener('click', async () => {
    const input = { request: $('#pg-request').value, user_agent: $('#pg-ua').value, event: $('#pg-event').checked };
    if ($('#pg-use-draft').checked) input.profile = $('#pg-draft').value; else input.platform = $('#pg-platform').value;
    const answer = await json('/console/api/playground', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input), allowError: true,
    });
    const error = answer.error || (answer.preview && answer.preview.error);
    $('#pg-error').hidden = !error;
    $('#pg-result').hidden = !!error;
    if (error) {
      $('#pg-error').textContent = error.code + (error.field ? ' (' + error.field + ')' : '') + ': ' + error.message;
    } else {
      const preview = answer.preview;
      $('#pg-upstream-ua').textContent = preview.upstream_user_agent;
      $('#pg-device-ver').textContent = preview.upstream_body.data && preview.upstream_body.data.device_ver || '(none)';
      $('#pg-install-key').textContent = preview.install_key;
      $('#pg-ua-source').textContent = preview.ua_source;
      $('#pg-body').textContent = preview.upstream_body_text;
    }
    const examples = $('#pg-examples');
    examples.hidden = !answer.examples;
    const list = $('#pg-examples ul');
    list.textContent = '';
    for (const example of answer.examples || []) {
      const item = document.createElement('li');
      item.className = example.passed ? 'pass' : 'fail error';
      item.textContent = (example.passed ? 'pass: ' : 'FAIL: ') + example.name
        + (example.differences.length ? ' (' + example.differences.join('; ') + ')' : '');
      list.appendChild(item);
    }
  });

  // ---------------------------------------------------------------- profiles
  async function loadProfiles() {
    const profiles = await json('/profiles');
    $('#profiles-state').textContent = profiles.profiles.length + ' platforms served'
      + (profiles.degraded ? ' — DEGRADED: started from the last valid set (' + profiles.from_last_valid.join(', ') + ')' : '')
      + ' · refused reloads since start: ' + profiles.refused_reloads;
    const body = $('#profiles-table tbody');
    body.textContent = '';
    for (const id of profiles.profiles) {
      const row = body.insertRow();
      row.insertCell().textContent = id;
      row.insertCell().textContent = profiles.examples[id] === undefined ? 'code-backed' : String(profiles.examples[id]);
    }
    const refused = $('#refused-table tbody');
    refused.textContent = '';
    for (const file of profiles.refused) {
      const row = refused.insertRow();
      row.insertCell().textContent = file.file;
      row.insertCell().textContent = file.reason;
    }
    if (!profiles.refused.length) refused.insertRow().insertCell().textContent = 'none';
  }

  boot();
})();
