// The coordinator's live page: polls the API and redraws the queue, agents, progress, results and the frontier
// as sweeps run. Drawing is report.js's; this file only decides what to fetch and when.
(function () {
  'use strict';
  const R = window.TierbenchReport;
  const A = window.TierbenchApi;
  const get = A.get;
  const STATUS_EVERY_MS = 1000;
  const RESULTS_EVERY_MS = 2000;
  const ACTIVE = ['QUEUED', 'PREPARING', 'RUNNING'];
  let runId = null;
  // The run in progress whose results the person chose in the queue (or in the address: ?run=ID, as submit
  // prints it); the first in progress otherwise.
  let chosen = new URLSearchParams(location.search).get('run');
  let frontierChart = null;
  let lastFrontier = '';
  let lastQueue = '';
  let queuePolled = false;
  // Why the server refused a cancel, by run: kept beside its row, as the table is redrawn every poll.
  const refusedCancels = new Map();

  function show(id, ...nodes) {
    document.getElementById(id).replaceChildren(...nodes);
  }

  function progress(run) {
    const share = run.tasks ? (run.done + run.failed + (run.skipped || 0)) / run.tasks : 0;
    const tiers = Object.entries(run.tiers).map(([tier, t]) => [tier, t.agents, t.queued, t.leased, t.done, t.failed]);
    return [R.el('div', {}, `run ${run.id} (sweep ${run.sweep}): ${run.done} of ${run.tasks} tasks done, `
        + `${run.failed} failed, ${run.leased} being measured, ${run.queued} queued`
        + (run.skipped ? `, ${run.skipped} predicted, not measured (adaptive)` : '')),
      R.el('div', { class: 'bar' }, R.el('div', { style: `width: ${(100 * share).toFixed(1)}%` })),
      R.el('div', { class: 'muted' }, 'last: ' + (run.lastEvent || '–')),
      R.table(['tier', { name: 'agents', num: true }, { name: 'queued', num: true }, { name: 'measuring', num: true },
        { name: 'done', num: true }, { name: 'failed', num: true }], tiers)];
  }

  function agents(list) {
    const tiers = [...new Set(list.map(a => a.tier))].sort();
    if (!tiers.length) return [R.el('p', { class: 'muted' }, 'no agent has joined')];
    return tiers.map(tier => [R.el('h3', {}, 'tier ' + tier), R.table(['agent', 'state', 'task',
      { name: 'last heartbeat', num: true }, { name: 'round trip ms', num: true }, 'host', 'arch',
      { name: 'cores', num: true }], list.filter(a => a.tier === tier).map(a => [a.id,
      R.el('span', { class: 'state-' + a.state.toUpperCase() }, a.state), a.task || '–',
      `${R.num(a.lastSeenMillisAgo / 1000, 2)} s ago`, R.num(a.heartbeatRoundTripMillis), a.hostname, a.arch,
      a.cores]))]).flat();
  }

  function results(trials) {
    const measured = trials.filter(t => t.measured > 0);
    document.body.dataset.measured = String(measured.length);
    return R.table(['model', 'tier', { name: 'batch', num: true }, { name: 'threads', num: true }, 'xnnpack',
      { name: 'reps', num: true }, { name: 'p50 ms', num: true }, { name: 'p99 ms', num: true },
      { name: 'samples/s', num: true }, { name: 'accuracy / R²', num: true }, 'notes'], measured.map(t => [t.model,
      t.tier, t.batch, t.threads, String(t.xnnpack), `${t.measured}/${t.repetitions}`, R.ms(t.latency.p50),
      R.ms(t.latency.p99), R.num(t.samplesPerSecond), t.accuracy != null ? R.num(100 * t.accuracy) + ' %'
        : t.r2 != null ? 'R² ' + R.num(t.r2, 3) : '–', t.failure || '']));
  }

  // Redrawn only when the frontier changed, so that the chart does not flicker between polls.
  function frontier(view) {
    const key = JSON.stringify(view.plot);
    if (key === lastFrontier) return;
    lastFrontier = key;
    if (frontierChart) frontierChart.destroy();
    const box = document.getElementById('frontier');
    box.replaceChildren();
    if (!view.plot) {
      box.appendChild(R.el('p', { class: 'muted' }, 'waiting for results…'));
      frontierChart = null;
      return;
    }
    frontierChart = R.drawPlot(box, Object.assign({}, view.plot, { id: 'live-frontier' }));
    R.frontierTable(view.frontier).forEach(n => box.appendChild(n));
  }

  function runLink(run) {
    if (run.status === 'DONE') {
      return R.el('a', { href: `/api/runs/${encodeURIComponent(run.id)}/report.html` }, run.id);
    }
    if (run.status !== 'RUNNING') return run.id;
    const link = R.el('a', { href: '#results' }, run.id);
    link.addEventListener('click', () => {
      chosen = run.id;
      pollStatus().then(pollResults);
    });
    return link;
  }

  async function cancel(id) {
    try {
      await A.post(`/api/runs/${encodeURIComponent(id)}/cancel`);
      refusedCancels.delete(id);
    } catch (e) {
      refusedCancels.set(id, e.message);
    }
    await pollQueue();
  }

  function cancelCell(run) {
    if (!ACTIVE.includes(run.status)) return '';
    const button = R.el('button', { type: 'button', 'data-cancel': run.id }, 'cancel');
    button.addEventListener('click', () => cancel(run.id));
    return R.el('span', {}, button, ' ', R.el('span', { class: 'error' }, refusedCancels.get(run.id) || ''));
  }

  const when = iso => iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';

  // Redrawn only when the queue or a refusal changed, so that a button is not replaced under the pointer.
  function queue(runs) {
    const key = JSON.stringify([runs, [...refusedCancels]]);
    if (key === lastQueue) return;
    lastQueue = key;
    document.getElementById('queue').replaceChildren(runs.length ? R.table(['run', 'status', 'submitter',
      { name: 'priority', num: true }, 'submitted', 'reason', ''], runs.map(run => [runLink(run),
      R.el('span', { class: 'state-' + run.status }, run.status), run.submitter, run.priority,
      when(run.submittedAt), run.reason || '', cancelCell(run)]))
      : R.el('p', { class: 'muted' }, 'no run has been submitted'));
  }

  async function pollQueue() {
    try {
      queue(await get('/api/queue'));
    } catch (e) {
      lastQueue = '';
      show('queue', R.el('p', { class: 'muted' }, 'queue unavailable: ' + e.message));
    }
  }

  // A coordinator started by 'tierbench run' runs its one sweep: it has no queue to show nor to submit to.
  function offerQueue(served) {
    document.getElementById('submit').hidden = !served;
    if (!served) {
      show('queue', R.el('p', { class: 'muted' }, 'this coordinator runs one sweep and takes no submissions'));
    } else if (!queuePolled) {
      queuePolled = true;
      loop(pollQueue, STATUS_EVERY_MS);
    }
  }

  async function pollStatus() {
    try {
      const status = await get('/api/status');
      show('coordinator', R.el('span', {}, `coordinator ${status.coordinator}, protocol v${status.protocolVersion}`));
      show('agents', ...agents(status.agents));
      offerQueue(status.queue);
      if (status.runs.length) {
        // The results shown are the chosen run's, else the first's in progress; every run's progress is listed.
        runId = status.runs.some(r => r.id === chosen) ? chosen : status.runs[0].id;
        show('run', ...status.runs.flatMap(progress));
      } else {
        // Listing the runs reads every run's database: once is enough, since a new run shows in the status.
        if (runId === null) {
          const runs = await get('/api/runs');
          runId = runs.length ? runs[0].id : null;
        }
        show('run', R.el('p', { class: 'muted' }, runId ? `no run in progress; showing the latest, ${runId}`
          : 'no run in progress, and none stored yet'));
      }
    } catch (e) {
      show('coordinator', R.el('span', { class: 'state-LOST' }, 'coordinator unreachable: ' + e.message));
    }
  }

  async function pollResults() {
    if (!runId) return;
    try {
      const id = encodeURIComponent(runId);
      const [trials, view] = await Promise.all([get(`/api/runs/${id}/trials`),
        get(`/api/runs/${id}/frontier?draws=200`)]);
      show('results-run', 'of run ' + runId);
      show('results', results(trials));
      frontier(view);
      document.body.dataset.rendered = 'true';
    } catch (e) {
      show('results', R.el('p', { class: 'muted' }, 'results unavailable: ' + e.message));
    }
  }

  async function loop(poll, every) {
    await poll();
    setTimeout(() => loop(poll, every), every);
  }

  loop(pollStatus, STATUS_EVERY_MS).then(() => loop(pollResults, RESULTS_EVERY_MS));
})();
