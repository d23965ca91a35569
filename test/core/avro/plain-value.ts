/**
 * avsc decodes records into instances of classes it generates per record schema; strict deep
 * equality compares prototypes, so decoded values are compared as plain objects with the same fields.
 */
export function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const plain: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) plain[key] = plainValue(field);
  return plain;
}
