// The demo page and the API share one origin; other sites write the API server's URL in `api`.
// (An external file: the server's CSP allows no inline script.)
document.querySelector('cau-atendimento').setAttribute('api', location.origin);

// The side box says the deadlines the server applies now (an admin may change them).
fetch(`${location.origin}/trpc/portal.deadlines`)
  .then((response) => (response.ok ? response.json() : null))
  .then((body) => {
    const deadlines = body?.result?.data;
    if (!deadlines) return;
    for (const el of document.querySelectorAll('[data-deadline]')) {
      const text = deadlines[el.dataset.deadline];
      if (typeof text === 'string') el.textContent = text;
    }
  })
  .catch(() => undefined);
