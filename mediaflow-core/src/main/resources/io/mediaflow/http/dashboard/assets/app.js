/*
 * mediaflow dashboard: plain JavaScript, no build step, no framework, nothing from another host.
 *
 * - The API key is asked for once and kept in sessionStorage (this tab only); every call sends it
 *   as "Authorization: Bearer <key>", never in a URL.
 * - Live updates come from GET /v1/events (Server-Sent Events) read with fetch() and a stream
 *   reader, because EventSource cannot send a header.
 * - Every text from the server or a user is inserted as text (text nodes, textContent), never as
 *   HTML; the plan's SVG is shown as an image (from a data: URL), where it cannot run a script.
 */
'use strict';

(() => {
  const KEY_STORE = 'mediaflow.apiKey';
  const PAGE_SIZE = 20;
  const EVENT_PATTERN = '**';
  const ACTIVE = new Set(['PENDING', 'SCHEDULED', 'PROCESSING']);

  const byId = (id) => document.getElementById(id);
  const views = ['jobs', 'job', 'dead', 'workflows', 'run', 'rules', 'webhooks'];

  let apiKey = sessionStorage.getItem(KEY_STORE) || '';
  let current = null; // {name, refresh()} of the view on screen
  let live = null; // the event stream's AbortController
  let liveUp = false;
  let refreshTimer = 0;
  let pollTimer = 0;
  const jobsQuery = { state: '', type: '', page: 0 };

  // ---------------------------------------------------------------- building elements as text

  /** An element; string children become text nodes, so no markup is ever parsed. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [name, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (name === 'class') node.className = value;
        else if (name === 'text') node.textContent = value;
        else if (name === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
        else if (name === 'data') for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
        else if (name === 'value' || name === 'checked' || name === 'max') node[name] = value;
        else node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else if (child instanceof Node) node.appendChild(child);
      else node.appendChild(document.createTextNode(String(child)));
    }
  }

  /** Replaces a region's content, keeping the keyboard focus on the "same" control if it is still there. */
  function fill(region, ...children) {
    const active = document.activeElement;
    const focusKey = active && region.contains(active) ? active.dataset.key : undefined;
    region.setAttribute('aria-busy', 'true');
    region.replaceChildren();
    append(region, children);
    region.setAttribute('aria-busy', 'false');
    if (focusKey) {
      const again = region.querySelector('[data-key="' + CSS.escape(focusKey) + '"]');
      if (again) again.focus();
    }
  }

  function button(label, onClick, extra) {
    const b = el('button', Object.assign({ type: 'button' }, extra || {}), label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await onClick();
      } catch (e) {
        showProblem(e);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  }

  function badge(state) {
    const s = String(state || 'UNKNOWN');
    return el('span', { class: 'state state-' + s.replace(/[^A-Z_]/g, '') }, s);
  }

  function fmtTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    const sameDay = d.toDateString() === new Date().toDateString();
    return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
  }

  function time(iso) {
    return el('time', { datetime: iso || undefined, title: iso || undefined }, fmtTime(iso));
  }

  function fmtMillis(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return ms + ' ms';
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + Math.round(s % 60) + ' s';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function items(doc, ...names) {
    if (Array.isArray(doc)) return doc;
    if (!doc || typeof doc !== 'object') return [];
    for (const name of ['items', ...names]) if (Array.isArray(doc[name])) return doc[name];
    return [];
  }

  function pick(o, ...names) {
    for (const n of names) if (o && o[n] !== undefined && o[n] !== null) return o[n];
    return undefined;
  }

  const enc = encodeURIComponent;

  // ---------------------------------------------------------------- talking to the server

  class ApiError extends Error {
    constructor(status, method, path, body) {
      const b = body && typeof body === 'object' ? body : {};
      super(b.message || (typeof body === 'string' && body) || 'HTTP ' + status);
      this.status = status;
      this.method = method;
      this.path = path;
      this.code = b.code || '';
      this.suggestion = b.suggestion || '';
    }
  }

  function headers(extra) {
    return Object.assign({ Authorization: 'Bearer ' + apiKey }, extra || {});
  }

  async function request(method, path, body, key) {
    const init = {
      method,
      headers: Object.assign(
        { Authorization: 'Bearer ' + (key || apiKey), Accept: 'application/json' },
        body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    };
    const res = await fetch(path, init);
    const type = res.headers.get('Content-Type') || '';
    const text = res.status === 204 ? '' : await res.text();
    let parsed = text;
    if (type.includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        parsed = text;
      }
    }
    if (!res.ok) throw new ApiError(res.status, method, path, parsed);
    return parsed;
  }

  /** A call of the signed-in dashboard: a refused key sends the user back to the sign-in form. */
  async function api(method, path, body) {
    try {
      return await request(method, path, body);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        signOut('The server no longer accepts this key (401). Enter a valid one.');
      }
      throw e;
    }
  }

  /** What a failed call means for a person, as one line. */
  function describe(e) {
    if (!(e instanceof ApiError)) return 'Could not reach the server: ' + (e && e.message ? e.message : e);
    const route = e.method + ' ' + e.path.split('?')[0];
    const detail = (e.code ? e.code + ': ' : '') + e.message + (e.suggestion ? ' — ' + e.suggestion : '');
    switch (e.status) {
      case 403:
        return 'This key lacks the scope for ' + route + ' (403). ' + detail;
      case 404:
        return e.code === 'ROUTE_NOT_FOUND'
          ? 'This server has no route ' + route + ' (404 ROUTE_NOT_FOUND): this part of the dashboard'
            + ' needs a mediaflow server that offers it.'
          : 'Not found (404): ' + detail;
      case 409:
        return 'Not possible now: ' + detail;
      case 429:
        return 'Too many requests for this key (429); try again in a moment.';
      default:
        return route + ' failed (' + e.status + '): ' + detail;
    }
  }

  function problem(e) {
    const missing = e instanceof ApiError && e.status === 404;
    return el('p', { class: missing ? 'unavailable' : 'notice bad', role: 'alert' }, describe(e));
  }

  /** GET path; when that fails, the region says why and the answer is null. */
  async function getOr(region, path) {
    try {
      return await api('GET', path);
    } catch (e) {
      fill(region, problem(e));
      return null;
    }
  }

  function showProblem(e) {
    notify(describe(e), true);
  }

  function notify(text, bad) {
    const n = byId('notice');
    n.textContent = text;
    n.className = bad ? 'notice bad' : 'notice';
    n.hidden = false;
  }

  function clearNotice() {
    const n = byId('notice');
    n.hidden = true;
    n.textContent = '';
  }

  // ---------------------------------------------------------------- live updates (SSE over fetch)

  function setLive(state, text) {
    const l = byId('live');
    l.className = 'live ' + state;
    l.textContent = text;
  }

  function startLive() {
    stopLive();
    const ctrl = new AbortController();
    live = ctrl;
    readEvents(ctrl);
  }

  function stopLive() {
    if (live) live.abort();
    live = null;
    liveUp = false;
  }

  async function readEvents(ctrl) {
    let wait = 1000;
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch('/v1/events?pattern=' + enc(EVENT_PATTERN), {
          headers: headers({ Accept: 'text/event-stream' }),
          cache: 'no-store',
          credentials: 'omit',
          signal: ctrl.signal,
        });
        if (res.status === 401) {
          signOut('The server no longer accepts this key (401). Enter a valid one.');
          return;
        }
        if (!res.ok || !res.body) throw new Error('events answered ' + res.status);
        liveUp = true;
        wait = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        let synced = false;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (!synced) {
            // the server's first line comes once it listens: what happened before is read again,
            // and only then is the view live
            synced = true;
            if (current && current.refresh) await current.refresh().catch(() => {});
            setLive('on', 'Live');
          }
          buffer = (buffer + value).replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            dispatch(block);
          }
        }
      } catch (e) {
        if (ctrl.signal.aborted) return;
      }
      liveUp = false;
      setLive('off', 'Reconnecting…');
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 15000);
    }
  }

  function dispatch(block) {
    let type = '';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // a comment: the server's keep-alive
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) return;
    let payload;
    try {
      payload = JSON.parse(data.join('\n'));
    } catch (e) {
      return;
    }
    const eventType = type && type !== 'message' ? type : String(payload.type || '');
    const fields = payload && typeof payload.data === 'object' && payload.data ? payload.data : payload;
    onEvent(eventType, fields || {});
  }

  function onEvent(type, data) {
    if (type === 'job.progress') {
      showProgress(data.jobId, data.percent, data.step);
      return;
    }
    if (type.startsWith('job.') || type.startsWith('workflow.') || type.startsWith('rule.')
        || type.startsWith('webhook.')) {
      scheduleRefresh();
    }
  }

  /** Moves every bar of that job on screen, without reloading anything. */
  function showProgress(jobId, percent, step) {
    if (!jobId) return;
    const p = Math.max(0, Math.min(100, Number(percent) || 0));
    for (const cell of document.querySelectorAll('[data-progress="' + CSS.escape(jobId) + '"]')) {
      cell.classList.remove('idle');
      const meter = cell.querySelector('progress');
      meter.value = p;
      meter.setAttribute('aria-valuetext', Math.round(p) + '%' + (step ? ', ' + step : ''));
      cell.querySelector('.pct').textContent = Math.round(p) + '%';
      if (step !== undefined) cell.querySelector('.step').textContent = step || '';
    }
  }

  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = 0;
      if (current && current.refresh) current.refresh().catch(() => {});
    }, 300);
  }

  // without the event stream, the view is reloaded every few seconds instead
  function startPolling() {
    clearInterval(pollTimer);
    pollTimer = setInterval(() => {
      if (!liveUp && apiKey && current && current.refresh && !document.hidden) {
        current.refresh().catch(() => {});
      }
    }, 5000);
  }

  // ---------------------------------------------------------------- shared pieces of views

  function progressCell(job) {
    const prog = job.progress;
    const done = job.state === 'COMPLETED';
    const p = done ? 100 : prog ? Number(prog.percent) || 0 : 0;
    const meter = el('progress', {
      max: 100,
      value: p,
      'aria-label': 'Progress of job ' + job.id,
      'aria-valuetext': Math.round(p) + '%' + (prog && prog.step ? ', ' + prog.step : ''),
    });
    // a job that has not started shows no bar until its first progress arrives
    const idle = !done && job.state !== 'PROCESSING' && !(prog && Number(prog.percent) > 0);
    return el('div', { class: 'cell-progress' + (idle ? ' idle' : ''), data: { progress: job.id } },
      el('div', { class: 'bar' }, meter,
        el('span', { class: 'pct' }, Math.round(p) + '%')),
      el('div', { class: 'step' }, prog && prog.step ? prog.step : ''),
      prog && prog.etaMillis !== null && prog.etaMillis !== undefined && ACTIVE.has(job.state)
        ? el('div', { class: 'step' }, 'about ' + fmtMillis(prog.etaMillis) + ' left') : null);
  }

  /** A button that POSTs /v1/jobs/{id}/{verb}, says so, and reloads the view. */
  function jobAction(job, verb, label, done, cls, after) {
    return button(label, async () => {
      await api('POST', '/v1/jobs/' + enc(job.id) + '/' + verb);
      notify(done);
      await after();
    }, { class: cls, 'aria-label': label + ' job ' + job.id,
      data: { action: verb, job: job.id, key: verb + ':' + job.id } });
  }

  function jobActions(job, after) {
    const out = [];
    if (ACTIVE.has(job.state)) {
      out.push(jobAction(job, 'cancel', 'Cancel', 'Cancel sent for job ' + job.id + '.', 'danger small', after));
    }
    if (job.state === 'DEAD') {
      out.push(jobAction(job, 'requeue', 'Requeue', 'Job ' + job.id + ' is back in the queue.', 'small', after));
    }
    return out;
  }

  function jobTable(list, after, caption) {
    if (!list.length) return el('p', { class: 'empty' }, 'No jobs.');
    return el('table', { class: 'jobs' },
      el('caption', { class: 'visually-hidden' }, caption),
      el('thead', null, el('tr', null,
        ['Job', 'Type', 'State', 'Progress', 'Created', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', null, list.map((job) => el('tr', { data: { jobId: job.id } },
        el('td', null, el('a', { href: '#/jobs/' + enc(job.id), class: 'mono', data: { key: 'open:' + job.id } }, job.id)),
        el('td', null, job.type,
          job.ruleName ? el('div', { class: 'step' }, job.ruleName) : null),
        el('td', null, badge(job.state),
          job.waitReason ? el('div', { class: 'step' }, 'waits: ' + job.waitReason) : null,
          job.error ? el('div', { class: 'step', title: job.error.message }, job.error.code) : null,
          job.state === 'SCHEDULED' && !job.waitReason && job.scheduledAt
            ? el('div', { class: 'step' }, 'due ', time(job.scheduledAt)) : null),
        el('td', null, progressCell(job)),
        el('td', null, time(job.createdAt)),
        el('td', null, el('div', { class: 'actions' }, jobActions(job, after)))))));
  }

  // ---------------------------------------------------------------- views

  async function showJobs() {
    const region = byId('jobs-region');
    byId('jobs-state').value = jobsQuery.state;
    byId('jobs-type').value = jobsQuery.type;
    const load = async () => {
      const q = new URLSearchParams();
      if (jobsQuery.state) q.set('state', jobsQuery.state);
      if (jobsQuery.type) q.set('type', jobsQuery.type);
      q.set('limit', String(PAGE_SIZE));
      q.set('page', String(jobsQuery.page));
      const doc = await getOr(region, '/v1/jobs?' + q);
      if (!doc) return;
      const list = items(doc, 'jobs');
      fill(region, jobTable(list, load, 'Jobs, newest first'));
      const total = doc.total === undefined ? list.length : doc.total;
      byId('jobs-page').textContent = 'Page ' + (jobsQuery.page + 1) + ' · ' + total + ' jobs';
      byId('jobs-prev').disabled = jobsQuery.page === 0;
      byId('jobs-next').disabled = !doc.hasNext;
      byId('jobs-prev').hidden = jobsQuery.page === 0 && !doc.hasNext;
      byId('jobs-next').hidden = jobsQuery.page === 0 && !doc.hasNext;
    };
    current = { name: 'jobs', refresh: load };
    await load();
  }

  async function showJob(id) {
    const region = byId('job-region');
    byId('job-title').textContent = 'Job ' + id;
    let planShown = false;
    let logsBox = null;
    const planBox = el('div', { class: 'plan' });
    const load = async () => {
      const job = await getOr(region, '/v1/jobs/' + enc(id));
      if (!job) return;
      logsBox = logsBox || el('pre', { class: 'logs', tabindex: '0', 'aria-label': 'Log of job ' + id }, 'Loading the log…');
      const parts = [
        el('dl', { class: 'facts' },
          fact('Type', job.type),
          fact('State', badge(job.state), job.waitReason ? ' waits: ' + job.waitReason : ''),
          fact('Progress', progressCell(job)),
          fact('Attempts', job.attempts + ' of ' + job.maxAttempts),
          fact('Priority', job.priority),
          fact('Created', time(job.createdAt)),
          fact('Due', time(job.scheduledAt)),
          fact('Updated', time(job.updatedAt)),
          fact('Finished', time(job.finishedAt)),
          job.ruleName ? fact('Rule / workflow', job.ruleName) : null,
          job.workflowId ? fact('Workflow', job.workflowId) : null,
          job.parentId ? fact('Parent', el('a', { href: '#/jobs/' + enc(job.parentId), class: 'mono' }, job.parentId)) : null,
          job.lease ? fact('Running on', job.lease.owner, ' until ', time(job.lease.expiresAt)) : null),
        el('div', { class: 'actions' }, jobActions(job, load),
          job.type === 'workflow' ? el('a', { href: '#/runs/' + enc(job.id) }, 'Workflow run view') : null),
        job.error ? el('div', { class: 'panel', role: 'group', 'aria-label': 'Error' },
          el('strong', null, job.error.code), ' ', job.error.message,
          job.error.suggestion ? el('p', { class: 'hint' }, job.error.suggestion) : null) : null,
        el('h3', null, 'Stages'),
        timeline(job.stages || []),
        job.result !== null && job.result !== undefined ? [el('h3', null, 'Result'),
          el('pre', { class: 'logs' }, typeof job.result === 'string' ? job.result : JSON.stringify(job.result, null, 2))] : null,
        el('h3', null, 'Log'),
        logsBox,
        job.type === 'media' ? [el('h3', null, 'Plan'), planBox] : null,
      ];
      fill(region, parts);
      loadLogs(id, logsBox);
      if (job.type === 'media' && !planShown) {
        planShown = true;
        loadPlan(id, planBox);
      }
    };
    current = { name: 'job', refresh: load };
    await load();
  }

  function fact(name, ...value) {
    return [el('dt', null, name), el('dd', null, value)];
  }

  function timeline(stages) {
    if (!stages.length) return el('p', { class: 'empty' }, 'No stage has started yet.');
    const start = (s) => new Date(s.startedAt).getTime();
    const end = (s) => (s.endedAt ? new Date(s.endedAt).getTime() : start(s) + (s.durationMillis || 0));
    const t0 = Math.min(...stages.map(start));
    const t1 = Math.max(...stages.map(end), t0 + 1);
    const total = t1 - t0;
    return el('ol', { class: 'timeline', 'aria-label': 'Stages in order' }, stages.map((s) => {
      const span = el('span', { class: 'span' + (s.error ? ' failed' : '') + (s.endedAt ? '' : ' open') });
      span.style.setProperty('left', ((start(s) - t0) / total) * 100 + '%');
      span.style.setProperty('width', Math.max(0.5, ((end(s) - start(s)) / total) * 100) + '%');
      return el('li', null,
        el('span', null, s.name),
        el('span', { class: 'track', 'aria-hidden': 'true' }, span),
        el('span', { class: 'took' }, fmtMillis(s.durationMillis) + (s.endedAt ? '' : ' (running)')
          + (s.error ? ' — failed' : '')),
        s.error ? el('span', { class: 'step' }, typeof s.error === 'string' ? s.error : (s.error.code || '') + ' ' + (s.error.message || '')) : null);
    }));
  }

  async function loadLogs(id, box) {
    try {
      const doc = await api('GET', '/v1/jobs/' + enc(id) + '/logs');
      const entries = items(doc, 'entries');
      box.textContent = entries.length
        ? entries.map((e) => logTime(e.time) + '  ' + (e.level || '').padEnd(5) + '  ' + (e.message || '')).join('\n')
        : 'No log lines.';
    } catch (e) {
      box.textContent = describe(e);
    }
  }

  /** A log line's time as hh:mm:ss.mmm in UTC (the day is the job's). */
  function logTime(iso) {
    const m = /T(\d\d:\d\d:\d\d(\.\d{1,3})?)/.exec(String(iso || ''));
    return m ? m[1].padEnd(12, ' ') : String(iso || '');
  }

  /** The server draws the plan as SVG; it is fetched with the key and shown as an image. */
  async function loadPlan(id, box) {
    fill(box, el('p', { class: 'hint' }, 'Loading the plan…'));
    try {
      const res = await fetch('/v1/jobs/' + enc(id) + '/plan.svg', {
        headers: headers({ Accept: 'image/svg+xml' }), cache: 'no-store', credentials: 'omit',
      });
      if (!res.ok) {
        let body = '';
        try {
          body = await res.json();
        } catch (e) {
          body = '';
        }
        throw new ApiError(res.status, 'GET', '/v1/jobs/' + id + '/plan.svg', body);
      }
      // an <img> shows SVG as a picture: no script in it runs, nothing it links is loaded
      const svg = new Blob([await res.arrayBuffer()], { type: 'image/svg+xml' });
      const url = await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(svg);
      });
      fill(box, el('img', { src: url, alt: 'The plan of job ' + id + ': its nodes, stages and FFmpeg invocations' }));
    } catch (e) {
      fill(box, problem(e));
    }
  }

  async function showDead() {
    const region = byId('dead-region');
    const load = async () => {
      try {
        const doc = await api('GET', '/v1/jobs?state=DEAD&limit=100&page=0');
        fill(region, jobTable(items(doc, 'jobs'), load, 'Dead jobs'));
      } catch (e) {
        fill(region, problem(e));
      }
    };
    current = { name: 'dead', refresh: load };
    await load();
  }

  /** The signal a waiting node waits for, from its wait reason ("signal approved for key …"). */
  function signalOf(node) {
    const m = /^signal\s+(\S+)/.exec(String(node.waitReason || ''));
    return m ? m[1] : null;
  }

  function signalButton(runId, name, after) {
    return button('Send “' + name + '”', async () => {
      await api('POST', '/v1/runs/' + enc(runId) + '/signal', { name });
      notify('Signal ' + name + ' sent to run ' + runId + '.');
      await after();
    }, { class: 'small', 'aria-label': 'Send signal ' + name + ' to run ' + runId,
      data: { action: 'signal', run: runId, signal: name, key: 'signal:' + runId + ':' + name } });
  }

  async function waitingRuns(region, after) {
    const doc = await getOr(region, '/v1/jobs?state=SCHEDULED&type=workflow&limit=50&page=0');
    if (!doc) return;
    const rows = [];
    for (const job of items(doc, 'jobs')) {
      let run;
      try {
        run = await api('GET', '/v1/runs/' + enc(job.id));
      } catch (e) {
        rows.push(el('li', null, el('a', { href: '#/jobs/' + enc(job.id), class: 'mono' }, job.id), ' ', problem(e)));
        continue;
      }
      const waiting = (run.nodes || []).filter((n) => n.state === 'WAITING' || n.state === 'PAUSED');
      for (const node of waiting) {
        const name = signalOf(node);
        rows.push(el('li', { data: { run: job.id } },
          el('a', { href: '#/runs/' + enc(job.id), class: 'mono' }, job.id),
          el('span', null, run.workflowId || job.workflowId || ''),
          el('span', { class: 'node-id' }, node.nodeId), badge(node.state),
          el('span', { class: 'step' }, node.waitReason || ''),
          name ? signalButton(job.id, name, after) : null));
      }
    }
    fill(region, rows.length ? el('ol', { class: 'nodes' }, rows)
      : el('p', { class: 'empty' }, 'No run is waiting for a signal.'));
  }

  async function showWorkflows(workflowId) {
    const waiting = byId('waiting-region');
    const list = byId('workflows-region');
    const runs = byId('runs-region');
    const load = async () => {
      await waitingRuns(waiting, load);
      try {
        const doc = await api('GET', '/v1/workflows');
        const flows = items(doc, 'workflows');
        fill(list, flows.length ? el('table', null,
          el('thead', null, el('tr', null, ['Workflow', 'Name', 'Revision', 'Runs'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', null, flows.map((w) => {
            const wid = pick(w, 'id', 'workflowId');
            return el('tr', null,
              el('td', { class: 'mono' }, wid),
              el('td', null, pick(w, 'name') || ''),
              el('td', null, pick(w, 'revision') === undefined ? '' : String(w.revision)),
              el('td', null, el('a', { href: '#/workflows/' + enc(wid), data: { key: 'runs:' + wid } }, 'Runs')));
          }))) : el('p', { class: 'empty' }, 'No workflow is registered.'));
      } catch (e) {
        fill(list, problem(e));
      }
      await subList(runs, workflowId, 'Runs of ', '/v1/workflows/{id}/runs?limit=20&page=0',
        (doc) => runTable(items(doc, 'runs')));
    };
    current = { name: 'workflows', refresh: load };
    await load();
  }

  /** The list under a picked item (a workflow's runs, a rule's runs, a webhook's deliveries), or nothing. */
  async function subList(region, id, title, path, render) {
    if (!id) {
      fill(region);
      return;
    }
    const heading = el('h3', null, title + id);
    try {
      fill(region, heading, render(await api('GET', path.replace('{id}', enc(id)))));
    } catch (e) {
      fill(region, heading, problem(e));
    }
  }

  function runTable(runs) {
    if (!runs.length) return el('p', { class: 'empty' }, 'No runs.');
    return el('table', null,
      el('thead', null, el('tr', null, ['Run', 'State', 'Nodes', 'Waits for'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', null, runs.map((r) => {
        const id = pick(r, 'runId', 'id');
        const nodes = r.nodes || [];
        return el('tr', null,
          el('td', null, el('a', { href: '#/runs/' + enc(id), class: 'mono' }, id)),
          el('td', null, badge(r.state)),
          el('td', null, nodes.map((n) => n.nodeId + ' ' + String(n.state).toLowerCase()).join(', ')),
          el('td', null, r.waitReason || ''));
      })));
  }

  async function showRun(runId) {
    const region = byId('run-region');
    byId('run-title').textContent = 'Workflow run ' + runId;
    const load = async () => {
      const run = await getOr(region, '/v1/runs/' + enc(runId));
      if (!run) return;
      const job = run.job || { id: runId, state: run.state };
      fill(region,
        el('dl', { class: 'facts' },
          fact('Workflow', run.workflowId, run.revision ? ' (revision ' + run.revision + ')' : ''),
          fact('State', badge(run.state), run.waitReason ? ' waits: ' + run.waitReason : ''),
          fact('Job', el('a', { href: '#/jobs/' + enc(runId), class: 'mono' }, runId)),
          run.pending && run.pending.length ? fact('Still to run', run.pending.join(' → ')) : null),
        el('div', { class: 'actions' }, jobActions(Object.assign({}, job, { id: runId }), load)),
        run.error ? el('div', { class: 'panel' }, el('strong', null, run.error.code || ''), ' ', run.error.message || '') : null,
        el('h3', null, 'Nodes'),
        (run.nodes || []).length ? el('ol', { class: 'nodes' }, run.nodes.map((n) => {
          const name = n.state === 'WAITING' || n.state === 'PAUSED' ? signalOf(n) : null;
          return el('li', { data: { node: n.nodeId } },
            el('span', { class: 'node-id' }, n.nodeId), badge(n.state),
            el('span', { class: 'took' }, fmtMillis(n.durationMillis)),
            n.runs > 1 ? el('span', { class: 'step' }, n.runs + ' runs') : null,
            n.summary ? el('span', null, n.summary) : null,
            n.waitReason ? el('span', { class: 'step' }, n.waitReason) : null,
            n.error ? el('span', { class: 'error' }, (n.error.code || '') + ' ' + (n.error.message || '')) : null,
            name ? signalButton(runId, name, load) : null);
        })) : el('p', { class: 'empty' }, 'No node has run yet.'),
        run.vars && Object.keys(run.vars).length ? [el('h3', null, 'Variables'),
          el('pre', { class: 'logs' }, JSON.stringify(run.vars, null, 2))] : null);
    };
    current = { name: 'run', refresh: load };
    await load();
  }

  async function showRules(ruleId) {
    const region = byId('rules-region');
    const runs = byId('rule-runs-region');
    const load = async () => {
      try {
        const rules = items(await api('GET', '/v1/rules'), 'rules');
        fill(region, rules.length ? el('table', null,
          el('thead', null, el('tr', null, ['Rule', 'Name', 'Enabled', 'Runs', 'Last run', 'Last error', ''].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', null, rules.map((r) => ruleRow(r)))) : el('p', { class: 'empty' }, 'No rule is registered.'));
      } catch (e) {
        fill(region, problem(e));
      }
      await subList(runs, ruleId, 'Runs of ', '/v1/rules/{id}/runs?limit=20&page=0',
        (doc) => jobTable(items(doc, 'jobs', 'runs'), load, 'Runs of rule ' + ruleId));
    };
    current = { name: 'rules', refresh: load };
    await load();
  }

  /** An on/off switch (a checkbox with role switch) that calls {path}/enable|disable (or activate|deactivate). */
  function toggle(kind, id, on, verbs, label) {
    const inputId = kind + '-on-' + String(id).replace(/[^A-Za-z0-9_-]/g, '_');
    const box = el('input', { type: 'checkbox', id: inputId, role: 'switch', checked: on,
      data: { [kind]: id, key: 'toggle:' + kind + ':' + id } });
    box.addEventListener('change', async () => {
      const wanted = box.checked;
      box.disabled = true;
      try {
        await api('POST', '/v1/' + kind + 's/' + enc(id) + '/' + (wanted ? verbs[0] : verbs[1]));
        notify(kind === 'rule' ? 'Rule ' + id + (wanted ? ' enabled.' : ' disabled.')
          : 'Webhook ' + id + (wanted ? ' activated.' : ' deactivated.'));
      } catch (e) {
        box.checked = !wanted;
        showProblem(e);
      } finally {
        box.disabled = false;
      }
    });
    return el('label', { class: 'switch', for: inputId }, box,
      el('span', null, label), el('span', { class: 'visually-hidden' }, ' ' + kind + ' ' + id));
  }

  function ruleRow(r) {
    const def = r.definition && typeof r.definition === 'object' ? r.definition : {};
    const id = pick(r, 'id', 'ruleId');
    const enabled = Boolean(pick(r, 'enabled', 'active') ?? def.enabled);
    const counters = r.counters || r;
    const lastError = pick(counters, 'lastError');
    return el('tr', { data: { rule: id } },
      el('td', { class: 'mono' }, id),
      el('td', null, pick(r, 'name') || def.name || ''),
      el('td', null, toggle('rule', id, enabled, ['enable', 'disable'], 'Enabled')),
      el('td', null, String(pick(counters, 'executions') ?? '')),
      el('td', null, time(pick(counters, 'lastRun', 'lastRunAt'))),
      el('td', null, lastError === undefined ? '' : typeof lastError === 'object' ? (lastError.message || JSON.stringify(lastError)) : String(lastError)),
      el('td', null, el('a', { href: '#/rules/' + enc(id), data: { key: 'rule-runs:' + id } }, 'Runs')));
  }

  async function showWebhooks(webhookId) {
    const region = byId('webhooks-region');
    const deliveries = byId('deliveries-region');
    const load = async () => {
      try {
        const hooks = items(await api('GET', '/v1/webhooks'), 'webhooks', 'registrations');
        fill(region, hooks.length ? el('table', null,
          el('thead', null, el('tr', null, ['Webhook', 'URL', 'Events', 'Active', ''].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', null, hooks.map((h) => {
            const id = pick(h, 'id');
            const events = pick(h, 'events', 'eventPatterns', 'patterns') || [];
            return el('tr', null,
              el('td', { class: 'mono' }, id),
              el('td', { class: 'mono' }, pick(h, 'url') || ''),
              el('td', null, Array.isArray(events) ? events.join(', ') : String(events)),
              el('td', null, toggle('webhook', id, Boolean(pick(h, 'active', 'enabled')), ['activate', 'deactivate'], 'Active')),
              el('td', null, el('a', { href: '#/webhooks/' + enc(id), data: { key: 'deliveries:' + id } }, 'Deliveries')));
          }))) : el('p', { class: 'empty' }, 'No webhook is registered.'));
      } catch (e) {
        fill(region, problem(e));
      }
      await subList(deliveries, webhookId, 'Deliveries of ', '/v1/webhooks/{id}/deliveries',
        (doc) => deliveryTable(items(doc, 'deliveries', 'jobs'), load));
    };
    current = { name: 'webhooks', refresh: load };
    await load();
  }

  function deliveryTable(list, after) {
    if (!list.length) return el('p', { class: 'empty' }, 'No deliveries.');
    return el('table', null,
      el('thead', null, el('tr', null, ['Delivery', 'State', 'Attempts', 'Updated', 'Error', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', null, list.map((d) => {
        const id = pick(d, 'id', 'deliveryId');
        return el('tr', null,
          el('td', null, el('a', { href: '#/jobs/' + enc(id), class: 'mono' }, id)),
          el('td', null, badge(d.state)),
          el('td', null, d.attempts === undefined ? '' : d.attempts + (d.maxAttempts ? ' of ' + d.maxAttempts : '')),
          el('td', null, time(d.updatedAt)),
          el('td', null, d.error ? (d.error.code || '') + ' ' + (d.error.message || '') : ''),
          el('td', null, ACTIVE.has(d.state) ? '' : button('Redeliver', async () => {
            await api('POST', '/v1/deliveries/' + enc(id) + '/redeliver');
            notify('Delivery ' + id + ' is sent again.');
            await after();
          }, { class: 'small', 'aria-label': 'Redeliver ' + id, data: { action: 'redeliver', delivery: id, key: 'redeliver:' + id } })));
      })));
  }

  // ---------------------------------------------------------------- routing and signing in

  function show(name) {
    for (const v of views) byId('view-' + v).hidden = v !== name;
    const navName = { job: 'jobs', run: 'workflows' }[name] || name;
    for (const a of byId('nav').querySelectorAll('a')) {
      if (a.dataset.view === navName) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  async function route() {
    if (!apiKey) return;
    const parts = location.hash.replace(/^#\/?/, '').split('/').map((p) => decodeURIComponent(p));
    const [name, id] = parts;
    switch (name) {
      case 'jobs':
        if (id) {
          show('job');
          return showJob(id);
        }
        break;
      case 'dead':
        show('dead');
        return showDead();
      case 'workflows':
        show('workflows');
        return showWorkflows(id);
      case 'runs':
        show('run');
        return showRun(id);
      case 'rules':
        show('rules');
        return showRules(id);
      case 'webhooks':
        show('webhooks');
        return showWebhooks(id);
      default:
        break;
    }
    show('jobs');
    return showJobs();
  }

  function signedIn() {
    byId('login').hidden = true;
    byId('nav').hidden = false;
    byId('session').hidden = false;
    setLive('', 'Connecting…');
    startLive();
    startPolling();
    route();
  }

  function signOut(message) {
    apiKey = '';
    sessionStorage.removeItem(KEY_STORE);
    stopLive();
    clearInterval(pollTimer);
    current = null;
    clearNotice();
    for (const v of views) byId('view-' + v).hidden = true;
    byId('nav').hidden = true;
    byId('session').hidden = true;
    byId('login').hidden = false;
    byId('login-error').textContent = message || '';
    byId('api-key').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const input = byId('api-key');
    const error = byId('login-error');
    const key = input.value.trim();
    if (!key) {
      error.textContent = 'Enter an API key.';
      input.focus();
      return;
    }
    const submit = byId('login-submit');
    submit.disabled = true;
    error.textContent = '';
    try {
      await request('GET', '/v1/jobs?limit=1&page=0', undefined, key);
    } catch (e) {
      submit.disabled = false;
      error.textContent = e instanceof ApiError && e.status === 401
        ? 'The server did not accept this key.'
        : describe(e);
      input.focus();
      return;
    }
    submit.disabled = false;
    apiKey = key;
    sessionStorage.setItem(KEY_STORE, key);
    input.value = '';
    signedIn();
    byId('main').focus();
  }

  function init() {
    byId('login-form').addEventListener('submit', signIn);
    byId('sign-out').addEventListener('click', () => signOut('The key was forgotten.'));
    byId('jobs-filter').addEventListener('submit', (e) => {
      e.preventDefault();
      jobsQuery.state = byId('jobs-state').value;
      jobsQuery.type = byId('jobs-type').value.trim();
      jobsQuery.page = 0;
      showJobs();
    });
    byId('jobs-state').addEventListener('change', () => {
      jobsQuery.state = byId('jobs-state').value;
      jobsQuery.page = 0;
      showJobs();
    });
    byId('jobs-prev').addEventListener('click', () => {
      jobsQuery.page = Math.max(0, jobsQuery.page - 1);
      showJobs();
    });
    byId('jobs-next').addEventListener('click', () => {
      jobsQuery.page += 1;
      showJobs();
    });
    window.addEventListener('hashchange', () => {
      clearNotice();
      route();
    });
    if (apiKey) signedIn();
    else signOut('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
