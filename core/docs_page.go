package core

import (
	"encoding/json"
	"html/template"
)

// pageData contains the values that the docs page template interpolates.
// html/template escapes each value for its context: HTML text, a URL
// attribute, or a JavaScript value, which it writes as JSON with <, > and &
// escaped, so a document cannot end the script element.
type pageData struct {
	Title                string
	AssetsURL            string
	DocumentURL          string
	Loading              string
	PersistAuthorization bool
	Spec                 json.RawMessage
}

// loadingNames are the DocumentLoading values as the page script reads
// them.
var loadingNames = map[DocumentLoading]string{
	LoadFromURL:        "url",
	EmbedDocument:      "embed",
	LoadAfterAuthorize: "after-authorize",
}

var docsPage = template.Must(template.New("docs").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link id="swagger-ui-css" rel="stylesheet" href="{{.AssetsURL}}/swagger-ui.css" onerror="this.dataset.failed = 'true'">
<style>
#docs-status { margin: 1em 2em; padding: 0.5em 1em; border: 1px solid #c33; font-family: sans-serif; }
</style>
</head>
<body>
<div id="docs-status" role="status" hidden></div>
<div id="swagger-ui"></div>
<script src="{{.AssetsURL}}/swagger-ui-bundle.js"></script>
<script>
"use strict";
(function () {
  const loading = {{.Loading}};
  const documentURL = {{.DocumentURL}};
  const assetsURL = {{.AssetsURL}};
  const statusBox = document.getElementById("docs-status");

  function showStatus(message) {
    statusBox.textContent = message;
    statusBox.hidden = message === "";
  }

  // Without the Swagger UI files the page would stay blank, so it shows
  // which file failed and how to serve the files from elsewhere.
  function assetFailure(file) {
    return "Swagger UI could not be loaded from " + assetsURL + "/" + file + ". " +
      "Serve the swagger-ui-dist files where this page can reach them and " +
      "set their base URL with the WithSwaggerUIURL option " +
      "(the go-apikey examples set it with their -swagger-ui flag).";
  }
  window.addEventListener("load", function () {
    if (document.getElementById("swagger-ui-css").dataset.failed === "true" && statusBox.hidden) {
      showStatus(assetFailure("swagger-ui.css"));
    }
  });
  if (typeof SwaggerUIBundle !== "function") {
    showStatus(assetFailure("swagger-ui-bundle.js"));
    return;
  }

  // The document path is resolved against the page's origin, and the page
  // rejects a result on another origin, so that the keys entered with
  // Authorize are sent only to the server that served the page.
  const documentTarget = new URL(documentURL, window.location.origin);
  if (documentTarget.origin !== window.location.origin) {
    showStatus("The API document path " + documentURL + " is not on this page's origin, so the page does not load it.");
    return;
  }

  // credentials turns the keys entered with Authorize into request headers
  // and query parameters, as Swagger UI itself sends them.
  function credentials(system) {
    const headers = {};
    const query = new URLSearchParams();
    const authorized = system.authSelectors.authorized();
    const entries = authorized ? authorized.toJS() : {};
    for (const name of Object.keys(entries)) {
      const entry = entries[name] || {};
      const scheme = entry.schema || {};
      if (!entry.value) {
        continue;
      }
      if (scheme.type === "apiKey" && scheme.in === "header") {
        headers[scheme.name] = entry.value;
      } else if (scheme.type === "apiKey" && scheme.in === "query") {
        query.append(scheme.name, entry.value);
      } else if (scheme.type === "http" && String(scheme.scheme).toLowerCase() === "bearer") {
        headers.Authorization = "Bearer " + entry.value;
      }
    }
    return { headers: headers, query: query };
  }

  // loadDocument fetches the document with the entered keys and replaces
  // the page's document with it. On failure the page keeps what it shows.
  // Applying a new document makes Swagger UI 5.35 dispatch authorize
  // again, so a fetch with the same keys as the last one is skipped to
  // avoid a loop.
  const anonymous = JSON.stringify([{}, ""]);
  let lastKeys = null;
  async function loadDocument(system) {
    const creds = credentials(system);
    const keys = JSON.stringify([creds.headers, creds.query.toString()]);
    if (keys === lastKeys) {
      return;
    }
    lastKeys = keys;
    const target = new URL(documentTarget.href);
    creds.query.forEach(function (value, name) { target.searchParams.append(name, value); });
    try {
      const response = await fetch(target, { headers: creds.headers, credentials: "same-origin", cache: "no-store" });
      if (!response.ok && keys === anonymous) {
        showStatus("Enter a key with Authorize to see the operations. The API document requires one: HTTP " + response.status + ".");
        return;
      }
      if (!response.ok) {
        showStatus("The API document could not be loaded: HTTP " + response.status + ". Check the keys entered with Authorize.");
        return;
      }
      system.specActions.updateSpec(await response.text());
      showStatus("");
    } catch (err) {
      showStatus("The API document could not be loaded: " + err.message);
    }
  }

  const config = {
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: {{.PersistAuthorization}},
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  };
  if (loading === "url") {
    config.url = documentTarget.href;
  } else {
    config.spec = {{.Spec}};
  }
  if (loading === "after-authorize") {
    config.plugins = [function () {
      return { statePlugins: { auth: { wrapActions: {
        authorize: function (action, system) {
          return function (payload) {
            const result = action(payload);
            loadDocument(system);
            return result;
          };
        }
      } } } };
    }];
    // The first fetch carries the keys that persistAuthorization restored,
    // or none, which is enough for a document that is not guarded.
    config.onComplete = function () {
      loadDocument(window.ui);
    };
  }
  window.ui = SwaggerUIBundle(config);
})();
</script>
</body>
</html>
`))
