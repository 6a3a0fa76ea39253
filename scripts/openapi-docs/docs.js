// Swagger UI over this gateway's own /openapi.json. The document's server is '/', so "Try it out"
// calls this same origin; nothing is fetched from anywhere else (no validator badge).
window.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  validatorUrl: null,
  // A token typed into "Authorize" stays in the page's memory, never in local storage.
  persistAuthorization: false,
});
