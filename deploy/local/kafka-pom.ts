/**
 * A throw-away Maven project whose only purpose is to resolve the Kafka server's runtime classpath.
 * kafka-server is listed beside kafka_2.13 because the latter's published metadata does not pull it in
 * completely; log4j-slf4j-impl routes Kafka's slf4j logging into Log4j2 so the broker's log is written.
 */
export function renderKafkaPom(kafkaVersion: string, log4jVersion = '2.24.3'): string {
  const dependency = (group: string, artifact: string, version: string) =>
    [
      '    <dependency>',
      `      <groupId>${group}</groupId>`,
      `      <artifactId>${artifact}</artifactId>`,
      `      <version>${version}</version>`,
      '    </dependency>',
    ].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>netattack.local</groupId>',
    `  <artifactId>kafka-runtime-${kafkaVersion}</artifactId>`,
    '  <version>1</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dependency('org.apache.kafka', 'kafka_2.13', kafkaVersion),
    dependency('org.apache.kafka', 'kafka-server', kafkaVersion),
    dependency('org.apache.logging.log4j', 'log4j-slf4j-impl', log4jVersion),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}
