// Starts Swagger UI on the registry's own OpenAPI document. A served file, not an inline script,
// so the page's Content-Security-Policy can forbid inline script altogether.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
