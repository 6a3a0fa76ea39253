import { isRecord } from '../is-record';

// Gemini `parameters` and `responseSchema` take an OpenAPI 3.0 subset (uppercase or lowercase
// types, `nullable`, no $ref/$schema/additionalProperties); canonical tools carry JSON Schema.
// `parametersJsonSchema` / `responseJsonSchema` take JSON Schema as is and need neither.

const OPENAPI_KEYS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);

/** A JSON Schema or OpenAPI schema object: open-ended, every keyword read is checked. */
type Schema = Record<string, unknown>;

/** JSON Schema → the OpenAPI subset: $refs inlined (cycles cut), unsupported keywords dropped. */
export function toOpenApiSchema(schema: unknown): Schema {
  if (!isRecord(schema)) return {};
  const defs = {
    ...(isRecord(schema.definitions) ? schema.definitions : {}),
    ...(isRecord(schema.$defs) ? schema.$defs : {}),
  };
  return convertToOpenApi(schema, defs, 0) ?? {};
}

function convertToOpenApi(schema: Schema, defs: Schema, depth: number): Schema | undefined {
  if (depth > 32) return undefined;
  if (typeof schema.$ref === 'string') {
    const target = defs[schema.$ref.split('/').pop() ?? ''];
    return isRecord(target)
      ? convertToOpenApi({ ...target, ...without(schema, '$ref') }, defs, depth + 1)
      : {};
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      if (types.length < value.length) out.nullable = true;
      if (types.length === 1) out.type = types[0];
      else if (types.length > 1) out.anyOf = types.map((t) => ({ type: t }));
    } else if (key === 'const') out.enum = [value];
    else if (key === 'oneOf' || key === 'anyOf') {
      const variants = Array.isArray(value) ? value.filter(isRecord) : [];
      const nonNull = variants.filter((v) => v.type !== 'null');
      if (nonNull.length < variants.length) out.nullable = true;
      const converted = nonNull.map((v) => convertToOpenApi(v, defs, depth + 1) ?? {});
      if (converted.length === 1) Object.assign(out, converted[0]);
      else if (converted.length) out.anyOf = converted;
    } else if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          isRecord(v) ? (convertToOpenApi(v, defs, depth + 1) ?? {}) : {},
        ]),
      );
    } else if (key === 'items' && isRecord(value))
      out.items = convertToOpenApi(value, defs, depth + 1) ?? {};
    else if (OPENAPI_KEYS.has(key)) out[key] = value;
  }
  return out;
}

/** The OpenAPI subset → JSON Schema: lowercase types, `nullable` as a "null" type. */
export function fromOpenApiSchema(schema: unknown): Schema {
  if (!isRecord(schema)) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && typeof value === 'string') out.type = value.toLowerCase();
    else if (key === 'properties' && isRecord(value))
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, fromOpenApiSchema(v)]),
      );
    else if (key === 'items') out.items = fromOpenApiSchema(value);
    else if (key === 'anyOf' && Array.isArray(value)) out.anyOf = value.map(fromOpenApiSchema);
    else if (key !== 'nullable' && key !== 'propertyOrdering' && key !== 'example')
      out[key] = value;
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}

function without(schema: Schema, key: string): Schema {
  const { [key]: _dropped, ...rest } = schema;
  return rest;
}
