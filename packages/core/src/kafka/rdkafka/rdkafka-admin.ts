import {
  LibrdKafkaAdmin,
  type LibrdKafkaAdminClient,
  type LibrdKafkaMetadataClient,
} from '../librdkafka-admin.ts';
import { loadRdKafka, rdKafkaErrorCodes } from './load-rdkafka.ts';
import { adminConfig, type RdKafkaConnection } from './rdkafka-config.ts';
import { rdKafkaErrors } from './rdkafka-errors.ts';

/** node-rdkafka's admin: its AdminClient is a second connection beside the metadata client. */
export class RdKafkaAdmin extends LibrdKafkaAdmin {
  constructor(connection: RdKafkaConnection) {
    super({
      label: 'rdkafka',
      errors: rdKafkaErrors,
      codes: rdKafkaErrorCodes,
      metadataClient: () => new (loadRdKafka().Producer)(adminConfig(connection)) as LibrdKafkaMetadataClient,
      adminClient: () => loadRdKafka().AdminClient.create(adminConfig(connection)) as LibrdKafkaAdminClient,
      closeAdmin: (admin) => (admin as unknown as { disconnect(): void }).disconnect(),
    });
  }
}
