// The demo page and the API share one origin; other sites write the API server's URL in `api`.
// (An external file: the server's CSP allows no inline script.)
document.querySelector('cau-atendimento').setAttribute('api', location.origin);
