/** One key per topic-partition for maps and sets (NUL cannot occur in a topic name). */
export const partitionId = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
