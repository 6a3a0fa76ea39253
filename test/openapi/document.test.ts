import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/openapi/document';

const document = openApiDocument() as {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('would be refused by the validator if broken (the check above is not vacuous)', async () => {
    const broken = structuredClone(document) as Record<string, unknown>;
    (broken.paths as Record<string, unknown>)['/health'] = { get: { responses: 'none' } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('declares every path template parameter', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(operations)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared, `${method} ${path}`).toEqual(names);
      }
    }
  });

  it('takes control-plane bodies from the zod schemas that validate them', () => {
    const create = document.components.schemas.CreateServingEndpoint;
    expect(create.additionalProperties).toBe(false);
    expect(create.required).toEqual(['name', 'config']);
    // The provider block of external_model: one variant per provider, with its own fields.
    const variants = document.components.schemas.ExternalModel.oneOf as { title: string }[];
    expect(variants.map((v) => v.title)).toContain('amazon-bedrock');
    const bedrock = document.components.schemas['ProviderConfig.amazon-bedrock'];
    expect(Object.keys(bedrock.properties as object)).toContain('aws_secret_access_key_plaintext');
  });
});
