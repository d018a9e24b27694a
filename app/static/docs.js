// Starts Swagger UI on /docs. A file, not an inline script: the page has the app's CSP.
// validatorUrl null: Swagger UI would otherwise fetch a badge from another host.
"use strict";
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  domNode: root,
  validatorUrl: null,
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
