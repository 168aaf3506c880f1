// Draws a tierbench report document (report.json's shape) with Chart.js: the self-contained report.html
// runs it on the document embedded in the page, the live page on documents fetched from the API.
(function () {
  'use strict';

  const PALETTE = ['#2e90fa', '#f79009', '#12b76a', '#7a5af8', '#f04438', '#0e9384', '#ee46bc', '#667085'];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v == null) return;
      if (k === 'class') node.className = v; else node.setAttribute(k, v);
    });
    children.flat(Infinity).forEach(c => {
      if (c == null) return;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  // Numbers with about four significant digits; null (tierbench's "not available") as a dash.
  function num(v, digits) {
    if (v == null || Number.isNaN(v)) return '–';
    if (typeof v !== 'number') return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e7 || a < 1e-3)) return v.toExponential(2);
    return v.toLocaleString('en-US', { maximumSignificantDigits: digits || 4 });
  }
  const ms = nanos => num(nanos == null ? null : nanos / 1e6);
  const pct = share => share == null ? '–' : (100 * share).toFixed(0) + ' %';
  const mb = bytes => bytes == null || bytes < 0 ? '–' : num(bytes / 1e6);

  function cell(v, cls) {
    return v instanceof Node ? el('td', { class: cls }, v) : el('td', { class: cls }, v == null ? '–' : String(v));
  }

  // headers: [name or {name, num: true}], rows: arrays of cells; rowClass(row index) optional.
  function table(headers, rows, rowClass) {
    const hs = headers.map(h => typeof h === 'string' ? { name: h } : h);
    return el('div', { class: 'scroll' }, el('table', {},
      el('thead', {}, el('tr', {}, hs.map(h => el('th', {}, h.name)))),
      el('tbody', {}, rows.map((r, i) => el('tr', { class: rowClass ? rowClass(i) : null },
        r.map((v, j) => cell(v, hs[j] && hs[j].num ? 'num' : null)))))));
  }

  function color(i, alpha) {
    const hex = PALETTE[i % PALETTE.length];
    const [r, g, b] = [1, 3, 5].map(k => parseInt(hex.slice(k, k + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }

  // Darker means more likely Pareto-optimal; a point without a probability is drawn solid.
  const shade = p => p == null ? 0.9 : 0.12 + 0.88 * p;

  // One chart per plot of the document; each dataset keeps its style as `tbStyle` so that tests (and people
  // reading the page's state) can tell markers from fitted lines.
  function drawPlot(container, plot) {
    const canvas = el('canvas', { id: 'plot-' + plot.id, 'data-plot': plot.id });
    container.appendChild(el('div', { class: 'plot' }, canvas));
    container.appendChild(el('p', { class: 'plot-note' }, plot.note || ''));
    let colorIndex = 0;
    let lineIndex = 0;
    const datasets = plot.series.map(s => {
      const data = s.points.map(p => ({ x: p.x, y: p.y, label: p.label, probability: p.probability }));
      if (s.style === 'line') {
        // A roofline's first line is its roof, drawn solid; its levels after it, each with a dash of its own.
        const roof = plot.kind === 'roofline' ? lineIndex++ : -1;
        return { label: s.name, data, tbStyle: s.style, showLine: true, pointRadius: 0, pointHitRadius: 0,
          borderColor: roof === 0 ? 'rgba(29, 35, 48, 0.9)' : 'rgba(29, 35, 48, 0.55)',
          borderDash: roof === 0 ? [] : roof === 2 ? [2, 3] : [6, 4], borderWidth: roof === 0 ? 2 : 1.5, fill: false };
      }
      const c = colorIndex++;
      return { label: s.name, data, tbStyle: s.style, showLine: s.style === 'frontier', pointRadius: 5,
        pointHoverRadius: 7, borderColor: color(c, 1), borderWidth: 1,
        backgroundColor: data.map(p => color(c, shade(p.probability))) };
    });
    const categories = plot.categories || [];
    const axis = (title, log) => ({ type: log ? 'logarithmic' : 'linear', title: { display: true, text: title } });
    const x = axis(plot.xLabel, plot.logX);
    if (categories.length) {
      x.ticks = { stepSize: 1, callback: v => categories[v] == null ? '' : categories[v] };
    }
    const chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x, y: axis(plot.yLabel, plot.logY) },
        plugins: {
          title: { display: true, text: plot.title },
          tooltip: { callbacks: { label: ctx => {
            const p = ctx.raw;
            const odds = p.probability == null ? '' : `, P(optimal) ${pct(p.probability)}`;
            return `${p.label || ctx.dataset.label}: (${num(p.x)}, ${num(p.y)})${odds}`;
          } } }
        }
      }
    });
    return chart;
  }

  function section(root, title, ...children) {
    root.appendChild(el('h2', { id: 'section-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-') }, title));
    children.flat(Infinity).forEach(c => c && root.appendChild(c));
  }

  function summary(run) {
    const rows = [
      ['sweep', `${run.sweep} (${run.sweepFile})`],
      ['run', `${run.id}, started ${run.createdAt}, report made ${run.generatedAt}`],
      ['tasks', `${run.measured} measured, ${run.failed} failed, ${run.unfinished} unfinished of ${run.tasks}`
        + ` (${run.trials} trials × ${run.tiers.length} tier(s) × ${run.repetitions} repetition(s))`],
      ['queries measured', `${num(run.queries)} in ${num(run.measuredSeconds)} s`],
      ['runtimes', (run.runtimes || []).join(', ') || '–'],
      ['latency', run.convention],
      ['FLOPs', run.flopsConvention]
    ];
    Object.entries(run.measurement || {}).forEach(([k, v]) => rows.push(['measurement: ' + k, v]));
    (run.notMeasured || []).forEach(n => rows.push(['not measured', n]));
    return table(['', ''], rows);
  }

  function hardware(agents) {
    return table(['agent', 'tier', 'host', 'OS', 'arch', { name: 'cores', num: true }, { name: 'memory (GB)', num: true },
      'JVM', 'engines', 'labels'], (agents || []).map(a => [a.agentId, a.tier, a.hostname, a.os, a.arch, a.cores,
      num(a.memoryBytes / 1e9), a.jvm, a.engines, a.labels]));
  }

  function figures(candidate) {
    return table(['metric', { name: 'estimate', num: true }, { name: '95 % interval', num: true }],
      Object.entries(candidate.figures).map(([name, i]) => [name, num(i.estimate),
        i.low == null ? '–' : `${num(i.low)} – ${num(i.high)}`]));
  }

  function recommendation(r) {
    const card = el('div', { class: 'card recommendation' + (r.best ? '' : ' none') },
      el('div', { class: 'muted' }, r.query),
      el('div', { class: 'answer' }, r.answer),
      el('div', { class: 'muted' }, `${r.feasible} of ${r.considered} variant(s) meet the constraints`));
    if (r.best) {
      card.appendChild(el('p', {}, `${r.best.label}: meets every constraint in `
        + `${pct(r.best.constraintsMetShare)} of the bootstrap draws`));
      card.appendChild(figures(r.best));
    }
    if (r.runnerUp) {
      card.appendChild(el('p', {}, `runner-up: ${r.runnerUp.label}; ${r.why || ''}`
        + (r.bestAheadShare == null ? '' : ` (the recommended one is ahead in ${pct(r.bestAheadShare)} of the draws)`)));
    }
    if (r.closest) {
      card.appendChild(el('p', {}, `closest: ${r.closest.label}, misses `
        + r.closest.misses.join('; ')));
      card.appendChild(figures(r.closest));
    }
    if (r.betterButExcluded && r.betterButExcluded.length) {
      card.appendChild(el('p', {}, 'better but excluded by a constraint: ' + r.betterButExcluded
        .map(c => `${c.label} (${c.misses.join('; ')})`).join(', ')));
    }
    if (r.notConsidered && r.notConsidered.length) {
      card.appendChild(el('p', { class: 'muted' }, 'not considered: ' + r.notConsidered.join(', ')));
    }
    return card;
  }

  function frontierTable(f) {
    const names = f.objectives.map(o => o.split(':')[0]);
    const points = [...f.points].sort((a, b) => a.rank - b.rank || b.probabilityOptimal - a.probabilityOptimal);
    const out = [table([{ name: 'rank', num: true }, { name: 'P(optimal)', num: true }, { name: 'E[rank]', num: true },
      'variant', 'tier', ...names.map(n => ({ name: n, num: true }))],
      points.map(p => [p.rank, pct(p.probabilityOptimal), num(p.expectedRank, 3), p.label, p.tier,
        ...names.map(n => num(p.values[n]))]), i => points[i].rank === 1 ? 'optimal' : null)];
    if (f.unranked.length) {
      out.push(el('p', { class: 'muted' }, 'not ranked (no figure for an objective): ' + f.unranked
        .map(u => `${u.label} (${u.missing.join(', ')})`).join('; ')));
    }
    return out;
  }

  function trialsByTier(trials) {
    const tiers = [...new Set(trials.map(t => t.tier))];
    return tiers.map(tier => [el('h3', {}, 'tier ' + tier), table(['model', 'engine', { name: 'batch', num: true },
      { name: 'threads', num: true }, 'xnnpack', 'scenario', { name: 'reps', num: true }, { name: 'p50 ms', num: true },
      { name: 'p99 ms', num: true }, { name: 'samples/s', num: true }, { name: 'p50 CV', num: true },
      { name: 'params', num: true }, { name: 'MFLOPs', num: true }, { name: 'size MB', num: true },
      { name: 'peak RSS MB', num: true }, { name: 'CPU', num: true }, { name: 'accuracy / R²', num: true }, 'notes'],
    trials.filter(t => t.tier === tier).map(t => [t.model, t.runtime || t.engine, t.batch, t.threads,
      t.engine === 'onnxruntime' ? '–' : String(t.xnnpack), t.scenario,
      `${t.measured}/${t.repetitions}`, ms(t.latency.p50), ms(t.latency.p99), num(t.samplesPerSecond),
      t.p50Cv == null ? '–' : pct(t.p50Cv), t.modelParams < 0 ? '–' : num(t.modelParams),
      t.modelFlops < 0 ? '–' : num(t.modelFlops / 1e6), mb(t.modelBytes), mb(t.rssPeakBytes),
      t.cpuProcessMean == null ? '–' : pct(t.cpuProcessMean), t.accuracy != null ? num(100 * t.accuracy) + ' %' : t.r2 != null ? 'R² ' + num(t.r2, 3) : '–',
      [t.predicted ? 'predicted, not measured' : t.failure, ...(t.disturbances || [])].filter(x => x).join('; ')]))]);
  }

  function fitsTable(fits) {
    return table(['tier', 'family', 'settings', { name: 'points', num: true }, { name: 'ms per GFLOP', num: true },
      { name: 'intercept ms', num: true }, { name: 'R²', num: true }, { name: 'log-log slope', num: true },
      { name: 'log-log R²', num: true }, 'off the line (robust fit)'],
    fits.map(f => [f.tier, f.family, f.settings, f.points.length, num(f.linear.slope), num(f.linear.intercept),
      num(f.linear.r2, 3), num(f.logLog.slope, 3), num(f.logLog.r2, 3), f.offLine.join('; ') || 'none']));
  }

  function plateausTable(plateaus) {
    return table(['family', { name: 'threshold per doubling', num: true }, 'plateau after', 'declines', 'steps'],
      plateaus.map(p => [p.family, num(p.threshold), p.plateauAfter || 'none', p.declines.join('; ') || 'none',
        p.steps.map(s => `${s.from} → ${s.to}: ${num(s.gainPerDoubling)} per doubling`).join('; ')]));
  }

  function slowdownsTable(slowdowns) {
    return table(['from', 'to', { name: 'geometric mean', num: true }, { name: 'min', num: true },
      { name: 'max', num: true }, { name: 'variants', num: true }],
    slowdowns.map(s => [s.from, s.to, num(s.geometricMean, 3), num(s.min, 3), num(s.max, 3), s.ratios.length]));
  }

  const percent = share => share == null ? '–' : num(100 * share) + ' %';

  function quantizationTable(costs) {
    return table(['tier', 'engine', { name: 'batch', num: true }, 'int8 variant', 'float32 twin', { name: 'accuracy float32', num: true },
      { name: 'accuracy int8', num: true }, { name: 'drop (points)', num: true }, { name: 'p50 ms float32', num: true },
      { name: 'p50 ms int8', num: true }, { name: 'int8 / float32', num: true }], costs.map(c => [c.tier, c.engine, c.batch,
      c.model, c.floatModel, percent(c.floatAccuracy), percent(c.int8Accuracy),
      c.drop == null ? '–' : num(100 * c.drop, 3), num(c.floatP50Ms), num(c.int8P50Ms), num(c.latencyRatio, 3) + '×']));
  }

  // One row per variant and tier; for each engine its p50 and its ratio to the reference (the first column).
  function enginesTable(comparisons) {
    const engines = [...new Set(comparisons.flatMap(c => c.engines.map(e => e.engine)))];
    const runtimes = {};
    comparisons.forEach(c => c.engines.forEach(e => { runtimes[e.engine] = runtimes[e.engine] || e.runtime; }));
    return table(['tier', 'variant', ...engines.flatMap(e => [{ name: `${e} (${runtimes[e]}) p50 ms`, num: true },
      { name: 'ratio', num: true }])], comparisons.map(c => [c.tier, c.variant, ...engines.flatMap(name => {
      const e = c.engines.find(x => x.engine === name);
      return e ? [num(e.p50Ms), num(e.ratio, 3) + '×'] : ['–', '–'];
    })]));
  }

  function profileTables(profiles) {
    return profiles.map(p => el('div', { class: 'profile' }, el('h3', {}, `${p.variant}: ${p.runtime}`),
      el('p', { class: 'muted' },
      `p50 ${num(p.p50Ms)} ms; profiled ${num(p.profiledMs)} ms per query (timing each operator costs time)`
      + (p.profiledMs > 0 ? '' : '; every operator ran under the profiler\'s resolution (1 µs)')),
    table(['operator', 'executor', { name: 'count', num: true }, { name: 'ms per query', num: true },
      { name: 'share', num: true }], p.operators.map(o => [o.operator, o.executor || '–', o.count, num(o.ms),
      pct(o.share)]))));
  }

  function agreementTable(rows) {
    return table(['tier', 'set', 'reference', 'variant', { name: 'samples', num: true },
      { name: 'same top-1', num: true }], rows.map(a => [a.tier, a.dataset, a.reference, a.model, a.samples,
      a.agreement == null ? '–' : num(100 * a.agreement) + ' %']));
  }

  // Each calibrated agent's peaks: what its roofline is drawn from.
  function calibrationTable(agents) {
    return table(['tier', 'agent', 'host', { name: 'cores', num: true }, { name: 'dense GFLOP/s', num: true },
      { name: 'dense, one thread', num: true }, { name: 'depthwise GFLOP/s', num: true },
      { name: 'memory GB/s', num: true }, { name: 'ridge (FLOPs/byte)', num: true }], agents.map(a => [a.tier,
      a.agentId, a.hostname, a.cores, num(a.matmulGflops), num(a.matmulGflopsOneThread), num(a.depthwiseGflops),
      num(a.memoryGBps), num(a.ridge)]));
  }

  function rooflineTable(points) {
    return table(['variant', { name: 'FLOPs/byte', num: true }, { name: 'GFLOP/s', num: true },
      { name: 'roof GFLOP/s', num: true }, 'bound', { name: 'of the roof', num: true }], points.map(p => [p.label,
      num(p.intensity), num(p.achievedGflops), num(p.roofGflops), p.bound, pct(p.fraction)]));
  }

  // Every row of predictions carries the `predicted` class and badge: an estimate must never read as a measurement.
  function predictedTable(rows) {
    return table(['', 'variant', { name: 'predicted p50 ms', num: true }, { name: '90 % interval (ms)', num: true },
      'basis'], rows.map(r => [el('span', { class: 'badge-predicted' }, 'predicted'), r.label, num(r.p50Ms),
      `${num(r.lowMs)} – ${num(r.highMs)}`, r.basis]), () => 'predicted');
  }

  function latencyModelsTable(models) {
    return table(['tier', 'engine', 'scenario', { name: 'measured variants', num: true },
      { name: 'held-out error', num: true }, 'basis'], models.map(m => [m.tier, m.engine, m.scenario, m.measured,
      m.heldOutError == null ? 'too few to cross-validate' : percent(m.heldOutError), m.basis]));
  }

  function transfersTable(transfers, fewShot) {
    return table(['from → to', 'engine', 'scenario', { name: 'variants', num: true },
      { name: 'error, calibrated peaks only', num: true },
      { name: `error, ${fewShot} measurements of the target tier`, num: true }], transfers.map(t => [
      `${t.from} → ${t.to}`, t.engine, t.scenario, t.variants, percent(t.calibratedError), percent(t.fewShotError)]));
  }

  function predictedSection(root, p) {
    section(root, 'Predicted, not measured', el('p', {}, p.lead));
    if (p.predicted.length) {
      root.appendChild(predictedTable(p.predicted));
    }
    root.appendChild(el('h3', {}, 'latency models'));
    root.appendChild(el('p', { class: 'muted' }, 'held-out error: mean relative error on measured variants left out '
      + 'of the fit (5-fold cross-validation)'));
    root.appendChild(latencyModelsTable(p.models));
    if (p.transfers.length) {
      root.appendChild(el('h3', {}, 'cross-tier prediction'));
      root.appendChild(el('p', { class: 'muted' }, 'one tier\'s model predicting another tier\'s measured variants: '
        + 'scaled by the two tiers\' calibrated peaks alone (– without both calibrations), or by a slowdown fitted on '
        + `${p.fewShot} measurements of the target tier (its error on the others)`));
      root.appendChild(transfersTable(p.transfers, p.fewShot));
    }
  }

  function failuresTable(failures) {
    return table(['task', 'model', 'tier', { name: 'repetition', num: true }, { name: 'attempts', num: true }, 'reason'],
      failures.map(f => [f.taskId, f.model, f.tier, f.repetition, f.attempts, f.reason]));
  }

  function plotsOf(doc, kind) {
    return doc.plots.filter(p => p.kind === kind);
  }

  function plotGrid(root, plots) {
    const grid = el('div', { class: 'grid' });
    root.appendChild(grid);
    plots.forEach(p => {
      const box = el('div', {});
      grid.appendChild(box);
      drawPlot(box, p);
    });
  }

  function renderReport(root, doc) {
    root.replaceChildren();
    const run = doc.run;
    root.appendChild(el('h1', {}, `tierbench report: ${run.sweep}`));
    root.appendChild(el('div', { class: 'muted' }, `run ${run.id}` + (run.complete ? '' : ' (incomplete)')));
    if (doc.notes.length) {
      root.appendChild(el('ul', { class: 'notes', id: 'notes' }, doc.notes.map(n => el('li', {}, n))));
    }
    section(root, 'How it was measured', summary(run), el('h3', {}, 'hardware'), hardware(run.agents));
    if (doc.recommendations.length) {
      section(root, 'Recommendations', doc.recommendations.map(recommendation));
    }
    if (doc.frontiers.length) {
      section(root, 'Pareto frontiers', el('p', { class: 'muted' }, 'rank 1 is the frontier; P(optimal): share of '
        + 'bootstrap draws (over repetitions, latency samples and accuracy\'s sampling error) in which the variant is '
        + 'Pareto-optimal; darker points are likelier to be optimal.'));
      const scatter = plotsOf(doc, 'scatter');
      doc.frontiers.forEach((f, i) => {
        root.appendChild(el('h3', {}, `${f.scope}: ${f.objectives.join(', ')} (${f.draws} draws, seed ${f.seed})`));
        const plot = scatter.find(p => p.id === 'frontier-' + i);
        if (plot) drawPlot(root, plot);
        frontierTable(f).forEach(n => root.appendChild(n));
      });
      const accuracy = scatter.filter(p => !p.id.startsWith('frontier-'));
      if (accuracy.length) {
        root.appendChild(el('h3', {}, 'accuracy'));
        plotGrid(root, accuracy);
      }
    }
    if (doc.fits.length) {
      section(root, 'Latency vs FLOPs', fitsTable(doc.fits));
      plotGrid(root, plotsOf(doc, 'fit'));
    }
    if (doc.plateaus.length) {
      section(root, 'Accuracy plateaus', plateausTable(doc.plateaus));
    }
    if (doc.slowdowns.length) {
      section(root, 'Cross-tier slowdown', slowdownsTable(doc.slowdowns));
    }
    if (doc.engines && doc.engines.length) {
      section(root, 'Engines', el('p', { class: 'muted' }, 'the same variant (model, weights, batch, threads, '
        + 'scenario) on each engine: median latency merged over repetitions, and its ratio to the reference (current '
        + 'TFLite with XNNPACK where measured)'), enginesTable(doc.engines));
    }
    if (doc.quantization && doc.quantization.length) {
      section(root, 'Quantization cost', el('p', { class: 'muted' }, 'each int8 variant against its float32 twin '
        + 'on the same tier and engine'), quantizationTable(doc.quantization));
    }
    if (doc.profiles && doc.profiles.length) {
      section(root, 'Where the time goes', el('p', { class: 'muted' }, 'per operator kind, from a profiled run '
        + 'after the timed one: XNNPACK\'s operators are timed by XNNPACK, TFLite\'s own kernels (anything not '
        + 'delegated) and ONNX Runtime\'s by their profilers'), profileTables(doc.profiles));
    }
    if (doc.agreement && doc.agreement.length) {
      section(root, 'Agreement with the reference', el('p', { class: 'muted' }, 'share of the set\'s samples on'
        + ' which a variant\'s top-1 answer is the reference\'s (the first model the sweep scores on that set)'),
        agreementTable(doc.agreement));
    }
    if (doc.curves.length) {
      section(root, 'Scaling curves');
      plotGrid(root, plotsOf(doc, 'curve'));
    }
    const rooflines = doc.rooflines || { agents: [], notes: [] };
    if (rooflines.agents.length || rooflines.notes.length) {
      section(root, 'Roofline', el('p', { class: 'muted' }, 'each agent measured its peaks when it started (a dense '
        + 'layer on all its cores and on one, a depthwise convolution, a memory copy); left of the ridge a variant is '
        + 'memory-bound, right of it compute-bound'), rooflines.notes.map(n => el('p', { class: 'muted' }, n)),
        calibrationTable(rooflines.agents));
      const plots = plotsOf(doc, 'roofline');
      rooflines.agents.forEach(a => {
        root.appendChild(el('h3', {}, `${a.agentId} (tier ${a.tier})`));
        const plot = plots.find(p => p.id === `roofline-${a.tier}-${a.agentId}`);
        if (plot) drawPlot(root, plot);
        root.appendChild(rooflineTable(a.roofline));
      });
    }
    const predictions = doc.predictions;
    if (predictions && (predictions.predicted.length || predictions.models.length)) {
      predictedSection(root, predictions);
    }
    section(root, 'Trials', trialsByTier(doc.trials));
    if (doc.failures.length) {
      section(root, 'Failed tasks', failuresTable(doc.failures));
    }
  }

  window.TierbenchReport = { el, num, ms, pct, table, drawPlot, renderReport, frontierTable, recommendation };

  const embedded = document.getElementById('report-data');
  if (embedded) {
    renderReport(document.getElementById('report'), JSON.parse(embedded.textContent));
    document.body.dataset.rendered = 'true';
  }
})();
