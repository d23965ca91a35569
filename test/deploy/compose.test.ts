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

const DOCKERFILE = 'services/Dockerfile';

function fromLines(dockerfile: string): string[] {
  return readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((line) => /^FROM\s/i.test(line))
    .map((line) => line.trim().split(/\s+/)[1]!);
}

function service(name: string): Mapping {
  return asMapping(services[name], name);
}

function environmentOf(name: string): Mapping {
  return asMapping(service(name).environment, `${name}.environment`);
}

/** Services `docker compose up` starts: those outside every profile. */
function defaultServices(): string[] {
  return Object.keys(services).filter((name) => service(name).profiles === undefined);
}

function buildingServices(): [string, Mapping][] {
  return Object.keys(services)
    .filter((name) => service(name).build !== undefined)
    .map((name) => [name, asMapping(service(name).build, `${name}.build`)]);
}

function dockerfileOf(build: Mapping): string {
  const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  return join(root, build.context as string, dockerfile);
}

function serviceArg(name: string, build: Mapping): string {
  const args = asMapping(build.args, `${name}.build.args`);
  assert.equal(typeof args.SERVICE, 'string', `${name}: build.args.SERVICE`);
  return args.SERVICE as string;
}

// These tests read the files; no Docker engine runs here, so nothing below builds an image or starts
// compose. They check what a reading can: the references resolve, the arguments name real services,
// tags are pinned, and the fused deployment is configured as the runtime expects.
describe('services/Dockerfile', () => {
  const text = readFileSync(join(root, DOCKERFILE), 'utf8');

  it('is the only Dockerfile of the services', () => {
    for (const dir of readdirSync(join(root, 'services'))) {
      assert.ok(!existsSync(join(root, 'services', dir, 'Dockerfile')), `services/${dir}/Dockerfile is back`);
    }
  });

  it('takes SERVICE and installs, copies and runs that service', () => {
    assert.match(text, /^ARG SERVICE$/m);
    assert.match(text, /^RUN npm ci .*--workspace "services\/\$\{SERVICE\}"/m);
    assert.match(text, /^COPY services\/\$\{SERVICE\} services\/\$\{SERVICE\}$/m);
    assert.match(text, /^WORKDIR \/app\/services\/\$\{SERVICE\}$/m);
    assert.match(text, /^CMD \["node", "--import", "tsx", "src\/main\.ts"\]$/m);
  });

  it('copies every workspace package.json the lock file lists, so npm ci can check it', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { link?: boolean }>;
    };
    const workspaces = Object.keys(lock.packages).filter(
      (path) => path !== '' && !path.startsWith('node_modules/') && !path.includes('/node_modules/'),
    );
    assert.ok(workspaces.length >= 6, `workspaces in the lock file: ${workspaces.join(', ')}`);
    for (const workspace of workspaces) {
      assert.match(text, new RegExp(`^COPY ${workspace}/package\\.json ${workspace}/$`, 'm'), workspace);
    }
  });

  it('carries the sample the producer replays and the model the scorer loads', () => {
    assert.match(text, /^COPY data\/sample data\/sample$/m);
    assert.match(text, /^COPY models models$/m);
    // The producer's DATA_PATHS and the scorer's default MODEL_DIR are absolute paths under /app.
    assert.match(text, /^WORKDIR \/app$/m);
    assert.ok(existsSync(join(root, 'data/sample/cic2018')), 'the sample folder exists in the repository');
    assert.ok(existsSync(join(root, 'models/default')), 'the default model exists in the repository');
  });
});

describe('docker-compose.yml', () => {
  it('runs Kafka, a registry and the four pipeline services by default', () => {
    const serviceDirs = readdirSync(join(root, 'services'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual(serviceDirs, ['cleaner', 'features', 'producer', 'scorer']);
    assert.deepEqual(defaultServices().sort(), ['kafka', 'registry', ...serviceDirs].sort());
  });

  it('builds every service from the one Dockerfile, inside the build context', () => {
    const building = buildingServices();
    assert.deepEqual(building.map(([name]) => name).sort(), [
      'cleaner',
      'detector',
      'features',
      'producer',
      'scorer',
    ]);
    for (const [name, build] of building) {
      assert.equal(build.context, '.', `${name}: build.context is the repository root`);
      const dockerfile = dockerfileOf(build);
      assert.equal(relative(root, dockerfile), DOCKERFILE, `${name}: builds from ${DOCKERFILE}`);
      assert.ok(existsSync(dockerfile), `${name}: ${DOCKERFILE} does not exist`);
    }
  });

  it('names a SERVICE with a main for every service that builds, its own for the default four', () => {
    for (const [name, build] of buildingServices()) {
      const target = serviceArg(name, build);
      const main = join(root, 'services', target, 'src', 'main.ts');
      assert.ok(existsSync(main), `${name}: SERVICE=${target} but ${relative(root, main)} does not exist`);
      if (service(name).profiles === undefined) assert.equal(target, name, `${name}: SERVICE`);
    }
  });

  it('pins every image tag, in compose and in the Dockerfile (no latest, no missing tag)', () => {
    const references: [string, string][] = [];
    for (const name of Object.keys(services)) {
      const image = service(name).image;
      if (typeof image === 'string') references.push([name, image]);
    }
    for (const base of fromLines(join(root, DOCKERFILE))) references.push([DOCKERFILE, base]);
    assert.equal(references.length, 3, 'two images and the Dockerfile base');
    for (const [where, reference] of references) {
      assert.ok(pinnedTag(reference), `${where}: ${reference} has no pinned tag`);
      assert.ok(!/^\d+$/.test(pinnedTag(reference)!), `${where}: ${reference} pins only a major version`);
    }
  });

  it('uses the same Kafka and Apicurio versions as the local stack', () => {
    assert.equal(service('kafka').image, `apache/kafka:${KAFKA_VERSION}`);
    assert.equal(service('registry').image, `apicurio/apicurio-registry:${APICURIO_VERSION}`);
  });

  it('points every pipeline service at the compose broker and registry', () => {
    const internal = /INTERNAL:\/\/([^,]+)/.exec(
      environmentOf('kafka').KAFKA_ADVERTISED_LISTENERS as string,
    )?.[1];
    assert.equal(internal, 'kafka:19092');
    for (const [name] of buildingServices()) {
      assert.equal(environmentOf(name).KAFKA_BROKERS, internal, name);
      assert.equal(environmentOf(name).SCHEMA_REGISTRY_URL, 'http://registry:8080/apis/ccompat/v7', name);
    }
  });

  it('has the producer replay the sample its image contains', () => {
    assert.equal(environmentOf('producer').DATA_PATHS, '/app/data/sample/cic2018');
  });

  it('runs the three stages in one detector, the scorer image, under the fused profile only', () => {
    const detector = service('detector');
    assert.deepEqual(detector.profiles, ['fused']);
    assert.equal(serviceArg('detector', asMapping(detector.build, 'detector.build')), 'scorer');
    assert.equal(environmentOf('detector').STAGES, 'clean,features,score');
    // The producer, outside every profile, is the one a fused run replays with.
    assert.equal(service('producer').profiles, undefined);
    const profiled = Object.keys(services).filter((name) => service(name).profiles !== undefined);
    assert.deepEqual(profiled, ['detector']);
  });

  it('recognises unpinned references', () => {
    assert.equal(pinnedTag('apache/kafka'), undefined);
    assert.equal(pinnedTag('apache/kafka:latest'), undefined);
    assert.equal(pinnedTag('localhost:5000/kafka'), undefined);
    assert.equal(pinnedTag('localhost:5000/kafka:4.1.1'), '4.1.1');
    assert.equal(pinnedTag(`node@sha256:${'a'.repeat(64)}`), 'a'.repeat(64));
  });
});
