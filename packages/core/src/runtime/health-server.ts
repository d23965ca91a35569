import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import type { AvailabilityProblem } from './availability.ts';

export interface HealthServerOptions {
  /** 0 picks a free port; the bound one is on the returned server. */
  port: number;
  /** Default 0.0.0.0, so probes reach a service inside a container. */
  host?: string;
  /** Served at GET /metrics. */
  registry: Registry;
  logger?: Logger;
  /** What the service is waiting for now (the broker, the registry): not ready while any is listed. */
  problems?: () => AvailabilityProblem[];
}

export interface HealthServer {
  readonly port: number;
  readonly ready: boolean;
  /** The service says when it can take work; the lifecycle shell sets false on SIGTERM. */
  setReady(ready: boolean): void;
  /** Idempotent. Open keep-alive connections are closed too, so shutdown does not hang on them. */
  close(): Promise<void>;
}

function reply(
  response: ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json',
): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

/**
 * GET /health/live: 200 while the process runs. GET /health/ready: 200 when ready and waiting for
 * nothing, else 503 (with `waitingFor`: what is away, why, for how long).
 * GET /metrics: the prom-client registry in the Prometheus text format.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  let ready = false;
  let closing: Promise<void> | undefined;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://health').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      reply(response, 405, JSON.stringify({ error: 'method not allowed' }));
      return;
    }
    if (path === '/health/live') {
      reply(response, 200, JSON.stringify({ status: 'live' }));
    } else if (path === '/health/ready') {
      const problems = options.problems?.() ?? [];
      const ok = ready && problems.length === 0;
      const body =
        problems.length > 0
          ? { status: 'not ready', waitingFor: problems }
          : { status: ok ? 'ready' : 'not ready' };
      reply(response, ok ? 200 : 503, JSON.stringify(body));
    } else if (path === '/metrics') {
      reply(response, 200, await options.registry.metrics(), options.registry.contentType);
    } else {
      reply(response, 404, JSON.stringify({ error: `no route ${path}` }));
    }
  }

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error) => {
      options.logger?.error({ err: error, url: request.url }, 'health endpoint failed');
      if (!response.headersSent) reply(response, 500, JSON.stringify({ error: 'internal error' }));
      else response.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.logger?.info({ port }, 'health and metrics endpoint listening');

  return {
    port,
    get ready() {
      return ready;
    },
    setReady(value: boolean) {
      ready = value;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        ready = false;
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
