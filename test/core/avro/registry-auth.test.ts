import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Schema } from 'avsc';
import { ensureSecureMaterial, type SecureMaterial } from '../../../deploy/local/secure-material.ts';
import { RegistryClient } from '../../../packages/core/src/avro/registry-client.ts';
import { isPipelineError } from '../../../packages/core/src/errors.ts';

/**
 * The registry client's login and trust against an https endpoint that wants basic auth: a stand-in
 * (the local stack's registry has no login), with a certificate signed by a CA made for the test.
 */
const dir = mkdtempSync(join(tmpdir(), 'netattack-registry-auth-'));
let material: SecureMaterial;
let url: string;
const seen: { method: string; path: string; authorization: string | undefined }[] = [];
const server = createServer();
const expected = `Basic ${Buffer.from('reader:s3cret pass').toString('base64')}`;

function answer(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization });
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
    if (req.headers.authorization !== expected) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error_code: 401, message: 'Unauthorized' }));
      return;
    }
    res.end(
      req.url!.startsWith('/config/')
        ? '{"compatibility":"BACKWARD","compatibilityLevel":"BACKWARD"}'
        : '{"id":42}',
    );
  });
}

before(async () => {
  material = (await ensureSecureMaterial(dir)).material;
  const pem = readFileSync(join(material.dir, 'broker-keystore.pem'), 'utf8');
  server.setSecureContext({ key: pem, cert: pem });
  server.on('request', answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const schema: Schema = { type: 'record', name: 'T', fields: [{ name: 'a', type: 'int' }] };

describe('registry client on an https registry with basic auth', () => {
  it('trusts the CA of SCHEMA_REGISTRY_CA_FILE and logs in on every call', async () => {
    seen.length = 0;
    const client = new RegistryClient({
      url,
      auth: { username: 'reader', password: 's3cret pass', caFile: material.caFile },
    });
    assert.equal(await client.register('t-value', schema), 42);
    assert.deepEqual(
      seen.map((r) => [r.method, r.path, r.authorization === expected]),
      [
        ['PUT', '/config/t-value', true],
        ['GET', '/config/t-value', true],
        ['POST', '/subjects/t-value/versions', true],
      ],
    );
  });

  it('says authentication failed on a wrong password, without the password', async () => {
    const client = new RegistryClient({
      url,
      auth: { username: 'reader', password: 'wrong', caFile: material.caFile },
    });
    await assert.rejects(client.register('t-value', schema), (error: unknown) => {
      assert.ok(isPipelineError(error));
      assert.equal(error.code, 'REGISTRY_AUTH_FAILED');
      assert.match(error.message, /authentication failed \(status 401; check SCHEMA_REGISTRY_USERNAME/);
      assert.doesNotMatch(error.message, /wrong/);
      return true;
    });
  });

  it('refuses a server its CA did not sign (no CA given: the system CAs)', async () => {
    const client = new RegistryClient({ url, auth: { username: 'reader', password: 's3cret pass' } });
    await assert.rejects(client.register('t-value', schema), (error: unknown) => {
      assert.ok(isPipelineError(error));
      assert.match(error.message, /self-signed certificate|unable to verify|certificate/);
      return true;
    });
  });
});
