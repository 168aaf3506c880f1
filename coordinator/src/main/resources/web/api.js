// Calls to the coordinator's API from its pages: JSON back, and a refusal thrown as the server's one-line error.
(function () {
  'use strict';

  async function request(url, init) {
    const response = await fetch(url, Object.assign({ cache: 'no-store' }, init));
    // A 201 or 204 has no body; a refusal always has {"error": ...}.
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
    return body;
  }

  const post = (url, body) => request(url, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });

  window.TierbenchApi = { request, get: url => request(url), post };
})();
