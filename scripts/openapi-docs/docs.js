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

// Swagger UI's stylesheet has a dark theme under a `dark-mode` class; follow the system's choice.
const dark = window.matchMedia('(prefers-color-scheme: dark)');
const followScheme = () => document.documentElement.classList.toggle('dark-mode', dark.matches);
followScheme();
dark.addEventListener('change', followScheme);
