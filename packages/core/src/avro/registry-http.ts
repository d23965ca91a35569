import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** How the registry client logs in: HTTP basic auth and, for https, the CA that signed the server. */
export interface RegistryAuth {
  readonly username?: string;
  /** Never logged. */
  readonly password?: string;
  /** PEM file of the CA; the system's CAs when absent. */
  readonly caFile?: string;
}

export interface RegistryTransport {
  /** For @kafkajs/confluent-schema-registry: basic auth, when a user is set. */
  readonly auth: { username: string; password: string } | undefined;
  /** An https agent trusting the given CA, when one is set. */
  readonly agent: HttpsAgent | undefined;
}

/** Compiled once per client: the CA file is read at start, so a missing file fails then, not mid-stream. */
export function registryTransport(auth: RegistryAuth = {}): RegistryTransport {
  return {
    auth: auth.username ? { username: auth.username, password: auth.password ?? '' } : undefined,
    agent: auth.caFile
      ? new HttpsAgent({ ca: readFileSync(auth.caFile, 'utf8'), keepAlive: true })
      : undefined,
  };
}

export interface RegistryResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * One JSON request with the same login and trust as the library's calls. Used for the one call the
 * library does not make when we need it (setting a subject's compatibility before its first version).
 */
export function registryRequest(
  url: string,
  method: string,
  body: unknown,
  transport: RegistryTransport,
): Promise<RegistryResponse> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/vnd.schemaregistry.v1+json',
    accept: 'application/vnd.schemaregistry.v1+json',
    'content-length': Buffer.byteLength(payload),
  };
  if (transport.auth) {
    const token = Buffer.from(`${transport.auth.username}:${transport.auth.password}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method,
        headers,
        ...(transport.agent && target.protocol === 'https:' ? { agent: transport.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', reject);
    req.end(payload);
  });
}
