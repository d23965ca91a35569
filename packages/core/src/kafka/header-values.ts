/** Header values arrive as Buffers (or strings, or repeated values); the interface hands out strings. */
export type RawHeaderValue = Buffer | string | (Buffer | string)[] | undefined | null;

function headerText(value: RawHeaderValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : headerText(value[value.length - 1]);
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** kafkajs shape: one object. A repeated header keeps its last value. */
export function headersFromObject(
  headers: Record<string, RawHeaderValue> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const name in headers) {
    const text = headerText(headers[name]);
    if (text !== undefined) result[name] = text;
  }
  return result;
}

/** node-rdkafka shape: a list of one-entry objects. */
export function headersFromList(
  headers: readonly Record<string, RawHeaderValue>[] | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const entry of headers) {
    for (const name in entry) {
      const text = headerText(entry[name]);
      if (text !== undefined) result[name] = text;
    }
  }
  return result;
}

export function headersToList(
  headers: Record<string, string> | undefined,
): Record<string, string>[] | undefined {
  if (!headers) return undefined;
  const list: Record<string, string>[] = [];
  for (const name in headers) list.push({ [name]: headers[name]! });
  return list.length === 0 ? undefined : list;
}
