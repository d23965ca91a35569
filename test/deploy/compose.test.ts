import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { APICURIO_VERSION, KAFKA_VERSION } from '../../deploy/local/stack-config.ts';
import { parseBlockYaml, type YamlValue } from './block-yaml.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
type Mapping = { [key: string]: YamlValue };

function asMapping(value: YamlValue | undefined, what: string): Mapping {
  assert.ok(
    value !== null && typeof value === 'object' && !Array.isArray(value),
    `${what} must be a mapping`,
  );
  return value as Mapping;
}

const compose = asMapping(parseBlockYaml(readFileSync(join(root, 'docker-compose.yml'), 'utf8')), 'the file');
const services = asMapping(compose.services, 'services');

/** A reference is pinned when it names a tag other than latest (or a digest). */
function pinnedTag(reference: string): string | undefined {
  if (reference.includes('@sha256:')) return reference.split('@sha256:')[1];
  const lastSegment = reference.split('/').at(-1)!;
  const colon = lastSegment.lastIndexOf(':');
  if (colon === -1) return undefined;
  const tag = lastSegment.slice(colon + 1);
  return tag === '' || tag === 'latest' ? undefined : tag;
}

function fromLines(dockerfile: string): string[] {
  return readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((line) => /^FROM\s/i.test(line))
    .map((line) => line.trim().split(/\s+/)[1]!);
}

describe('docker-compose.yml', () => {
  it('runs Kafka, a registry and the four pipeline services', () => {
    const serviceDirs = readdirSync(join(root, 'services')).sort();
    assert.deepEqual(serviceDirs, ['cleaner', 'features', 'producer', 'scorer']);
    assert.deepEqual(Object.keys(services).sort(), ['kafka', 'registry', ...serviceDirs].sort());
  });

  it('gives every service that builds a Dockerfile that exists, inside the build context', () => {
    const building = Object.entries(services).filter(
      ([, value]) => asMapping(value, 'service').build !== undefined,
    );
    assert.equal(building.length, 4);
    for (const [name, value] of building) {
      const build = asMapping(asMapping(value, name).build, `${name}.build`);
      assert.equal(typeof build.context, 'string', `${name}: build.context`);
      const context = join(root, build.context as string);
      const dockerfile = join(
        context,
        typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile',
      );
      assert.ok(existsSync(dockerfile), `${name}: ${relative(root, dockerfile)} does not exist`);
      assert.ok(
        !relative(context, dockerfile).startsWith('..'),
        `${name}: the Dockerfile lies outside its context`,
      );
      const text = readFileSync(dockerfile, 'utf8');
      assert.match(
        text,
        new RegExp(`npm ci .*--workspace services/${name}\\b`),
        `${name}: installs its workspace`,
      );
      assert.match(
        text,
        /CMD \["node", "--import", "tsx", "src\/main\.ts"\]/,
        `${name}: runs src/main.ts with tsx`,
      );
    }
  });

  it('pins every image tag, in compose and in the Dockerfiles (no latest, no missing tag)', () => {
    const references: [string, string][] = [];
    for (const [name, value] of Object.entries(services)) {
      const service = asMapping(value, name);
      if (typeof service.image === 'string') references.push([name, service.image]);
      if (service.build !== undefined) {
        const build = asMapping(service.build, `${name}.build`);
        const dockerfile = join(
          root,
          build.context as string,
          (build.dockerfile as string | undefined) ?? 'Dockerfile',
        );
        for (const base of fromLines(dockerfile)) references.push([`${name} Dockerfile`, base]);
      }
    }
    assert.ok(references.length >= 6, 'two images and four Dockerfile bases');
    for (const [where, reference] of references) {
      assert.ok(pinnedTag(reference), `${where}: ${reference} has no pinned tag`);
      assert.ok(!/^\d+$/.test(pinnedTag(reference)!), `${where}: ${reference} pins only a major version`);
    }
  });

  it('uses the same Kafka and Apicurio versions as the local stack', () => {
    assert.equal(asMapping(services.kafka, 'kafka').image, `apache/kafka:${KAFKA_VERSION}`);
    assert.equal(
      asMapping(services.registry, 'registry').image,
      `apicurio/apicurio-registry:${APICURIO_VERSION}`,
    );
  });

  it('points every pipeline service at the compose broker and registry', () => {
    const kafka = asMapping(asMapping(services.kafka, 'kafka').environment, 'kafka.environment');
    const internal = /INTERNAL:\/\/([^,]+)/.exec(kafka.KAFKA_ADVERTISED_LISTENERS as string)?.[1];
    assert.equal(internal, 'kafka:19092');
    for (const name of ['producer', 'cleaner', 'features', 'scorer']) {
      const environment = asMapping(asMapping(services[name], name).environment, `${name}.environment`);
      assert.equal(environment.KAFKA_BROKERS, internal, name);
      assert.equal(environment.SCHEMA_REGISTRY_URL, 'http://registry:8080/apis/ccompat/v7', name);
    }
  });

  it('has the producer replay the sample its image contains', () => {
    const environment = asMapping(
      asMapping(services.producer, 'producer').environment,
      'producer.environment',
    );
    assert.equal(environment.DATA_PATHS, '/app/data/sample/cic2018');
    const dockerfile = readFileSync(join(root, 'services/producer/Dockerfile'), 'utf8');
    assert.match(dockerfile, /^COPY data\/sample data\/sample$/m);
    assert.match(dockerfile, /^WORKDIR \/app$/m);
    assert.ok(existsSync(join(root, 'data/sample/cic2018')), 'the sample folder exists in the repository');
  });

  it('recognises unpinned references', () => {
    assert.equal(pinnedTag('apache/kafka'), undefined);
    assert.equal(pinnedTag('apache/kafka:latest'), undefined);
    assert.equal(pinnedTag('localhost:5000/kafka'), undefined);
    assert.equal(pinnedTag('localhost:5000/kafka:4.1.1'), '4.1.1');
    assert.equal(pinnedTag(`node@sha256:${'a'.repeat(64)}`), 'a'.repeat(64));
  });
});
