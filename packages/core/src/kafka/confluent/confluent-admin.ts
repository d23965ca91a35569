import {
  LibrdKafkaAdmin,
  type LibrdKafkaAdminClient,
  type LibrdKafkaMetadataClient,
} from '../librdkafka-admin.ts';
import { adminConfig, type ConfluentConnection } from './confluent-config.ts';
import { confluentErrors } from './confluent-errors.ts';
import { forwardLibrdKafkaLogs } from './confluent-log.ts';
import { confluentErrorCodes, loadConfluent } from './load-confluent.ts';

type ConfluentProducer = InstanceType<ReturnType<typeof loadConfluent>['Producer']>;

/**
 * The confluent client's admin: the admin calls ride on the metadata client's connection
 * (`AdminClient.createFrom`), so one admin is one client, where node-rdkafka needs two; disconnecting
 * that client ends both.
 */
export class ConfluentAdmin extends LibrdKafkaAdmin {
  constructor(connection: ConfluentConnection) {
    super({
      label: 'confluent',
      errors: confluentErrors,
      codes: confluentErrorCodes,
      metadataClient: () => {
        const client = new (loadConfluent().Producer)(adminConfig(connection));
        forwardLibrdKafkaLogs(client, connection.logger.child({ component: 'confluent-admin' }));
        return client as unknown as LibrdKafkaMetadataClient;
      },
      adminClient: (metadata) =>
        loadConfluent().AdminClient.createFrom(
          metadata as unknown as ConfluentProducer,
        ) as unknown as LibrdKafkaAdminClient,
      closeAdmin: () => undefined,
    });
  }
}
