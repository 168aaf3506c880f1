// The live page's submit form. A browser cannot open the files a sweep names by their paths, so it asks the
// coordinator which paths the sweep reads, matches each to a picked file by base name, uploads (by sha256) those
// the coordinator lacks and submits; what the person sees is the server's own line, or the run it queued.
(function () {
  'use strict';
  const A = window.TierbenchApi;
  const form = document.getElementById('submit');

  function say(text, cls) {
    const answer = document.getElementById('submit-answer');
    answer.className = cls || 'muted';
    answer.textContent = text;
  }

  const baseName = path => path.split('/').pop();

  // Each path the sweep reads, with the picked file standing for it; all that are not picked named in one line.
  function match(reads, picked) {
    const folders = reads.filter(r => r.folder).map(r => r.written);
    if (folders.length) {
      throw new Error(`the form takes single files, and the sweep reads the image folder(s) ${folders.join(', ')}:`
        + ' submit it with tierbench submit');
    }
    const matched = reads.map(read => ({ read, file: picked.find(f => f.name === baseName(read.relative
      || read.written)) }));
    const missing = matched.filter(m => !m.file).map(m => m.read.relative ? `${m.read.written}/${m.read.relative}`
      : m.read.written);
    if (missing.length) throw new Error('pick the files the sweep reads (matched by name): ' + missing.join(', '));
    return matched;
  }

  async function sha256(file) {
    // crypto.subtle exists in a secure context only: https, or http on 127.0.0.1.
    if (!window.crypto || !crypto.subtle) {
      throw new Error('this page cannot hash files over plain http: open the coordinator by https or on 127.0.0.1');
    }
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    return Array.from(digest, b => b.toString(16).padStart(2, '0')).join('');
  }

  // Sends what the coordinator lacks of a blob: nothing when it has it whole, else the rest from its offset.
  async function upload(file, hash) {
    const url = '/api/blobs/' + hash;
    const head = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    if (head.ok) return;
    if (head.status !== 404) throw new Error(`the coordinator answered ${head.status} when asked for ${file.name}`);
    const offset = Number(head.headers.get('Upload-Offset') || 0);
    await A.request(url, { method: 'PUT', headers: { 'Upload-Offset': String(offset),
      'Upload-Length': String(file.size) }, body: file.slice(offset) });
  }

  async function submit(event) {
    event.preventDefault();
    const sweepFile = document.getElementById('sweep-file').files[0];
    if (!sweepFile) {
      say('pick the sweep file first', 'error');
      return;
    }
    say('checking the sweep…');
    try {
      const sweep = await sweepFile.text();
      const reads = await A.post('/api/runs/inputs', { sweep, file: sweepFile.name });
      const matched = match(reads, Array.from(document.getElementById('sweep-inputs').files));
      const files = [];
      for (const [i, { read, file }] of matched.entries()) {
        say(`uploading ${file.name} (${i + 1} of ${matched.length})…`);
        const hash = await sha256(file);
        await upload(file, hash);
        files.push({ written: read.written, relative: read.relative, size: file.size, sha256: hash });
      }
      const run = await A.post('/api/runs', { sweep, file: sweepFile.name,
        priority: Number(document.getElementById('priority').value), inputs: JSON.stringify({ files }) });
      say(`submitted: run ${run.id} is ${run.status}`, 'answer');
      form.dataset.submitted = run.id;
    } catch (e) {
      say(e.message, 'error');
    }
  }

  form.addEventListener('submit', submit);
})();
