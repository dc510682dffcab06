// Unauthenticated operational endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document
// and its interactive page (Swagger UI served from node_modules, so no CDN is needed).
import path from 'node:path';
import express, { Router } from 'express';
import type { ApiContext } from '../http/deps';
import { tagRoute, type ApiMetrics } from '../http/metrics';
import type { JsonObject } from '../http/openapi';
import { checkReadiness } from './readiness';

function swaggerUiDir(): string | null {
  try {
    return path.dirname(require.resolve('swagger-ui-dist/package.json'));
  } catch {
    return null;
  }
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Proactive assistance API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// Served as a file rather than inline so the default Content-Security-Policy (no inline scripts) holds.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });\n`;

export function operationsRouter(ctx: ApiContext, metrics: ApiMetrics, openApiDocument: () => JsonObject): Router {
  const router = Router();

  router.get('/healthz', tagRoute, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });

  router.get('/readyz', tagRoute, async (_req, res) => {
    const result = await checkReadiness(ctx);
    res.setHeader('Cache-Control', 'no-store');
    res.status(result.ready ? 200 : 503).json({ status: result.ready ? 'ready' : 'unavailable', checks: result.checks });
  });

  router.get('/metrics', tagRoute, async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.type(metrics.registry.contentType).send(text);
  });

  router.get('/openapi.json', tagRoute, (_req, res) => {
    res.json(openApiDocument());
  });

  router.get('/docs', tagRoute, (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', tagRoute, (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  const assets = swaggerUiDir();
  if (assets) router.use('/docs/assets', express.static(assets, { index: false, maxAge: '1d' }));

  return router;
}
