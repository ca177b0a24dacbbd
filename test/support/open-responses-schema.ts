/**
 * The schema judge: every Responses event and Response this project produces must validate
 * against the Open Responses specification (test/fixtures/open-responses/openapi.json, an
 * unchanged copy). The schemas of `components.schemas` are compiled once, with ajv's JSON Schema
 * 2020-12 dialect (the document is OpenAPI 3.1), and only the exceptions the spec's README
 * documents are applied:
 *
 * (a) `response.reasoning_text.delta` / `.done` (the name the OpenAI API and its clients use)
 *     are validated under the spec's `response.reasoning.delta` / `.done` schemas, name mapped;
 * (b) `text.format.schema` of a `json_schema` format, typed `null` in this version, accepts any
 *     JSON Schema (an object or a boolean) or null; nothing else about the format is relaxed;
 * (c) `custom_tool_call` items and `response.custom_tool_call_input.delta` / `.done` events are
 *     not in this version: they are checked against the required fields of the `openai` types
 *     (`ResponseCustomToolCall`, `ResponseCustomToolCallInputDeltaEvent`, `…DoneEvent`), by the
 *     hand-written schemas below.
 *
 * Any other event type fails. A violation reads `<path>: <ajv message>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { isRecord, type JsonObject } from './json';

export const openResponsesSpecPath = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'open-responses',
  'openapi.json',
);

const specId = 'https://openresponses.org/openapi.json';
const schemaRef = (name: string) => `${specId}#/components/schemas/${name}`;

interface OpenApiDocument {
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject> };
}

/** Exception (c): `ResponseCustomToolCall` of the `openai` types, as the API sends it. */
const customToolCallSchema = {
  $id: 'openai:ResponseCustomToolCall',
  type: 'object',
  required: ['type', 'call_id', 'name', 'input'],
  properties: {
    type: { const: 'custom_tool_call' },
    call_id: { type: 'string' },
    name: { type: 'string' },
    input: { type: 'string' },
    id: { type: 'string' },
    // `ResponseCustomToolCallItem` (the same call as listed back) makes the status required.
    status: { enum: ['in_progress', 'completed', 'incomplete'] },
    namespace: { type: 'string' },
  },
};

/** Exception (c): the custom tool call input events of the `openai` types. */
const customToolCallEventSchemas: Record<string, JsonObject> = {
  'response.custom_tool_call_input.delta': {
    $id: 'openai:ResponseCustomToolCallInputDeltaEvent',
    type: 'object',
    required: ['type', 'sequence_number', 'item_id', 'output_index', 'delta'],
    properties: {
      type: { const: 'response.custom_tool_call_input.delta' },
      sequence_number: { type: 'integer' },
      item_id: { type: 'string' },
      output_index: { type: 'integer' },
      delta: { type: 'string' },
    },
  },
  'response.custom_tool_call_input.done': {
    $id: 'openai:ResponseCustomToolCallInputDoneEvent',
    type: 'object',
    required: ['type', 'sequence_number', 'item_id', 'output_index', 'input'],
    properties: {
      type: { const: 'response.custom_tool_call_input.done' },
      sequence_number: { type: 'integer' },
      item_id: { type: 'string' },
      output_index: { type: 'integer' },
      input: { type: 'string' },
    },
  },
};

/** Exception (a): the OpenAI name of an event → the spec's name for it. */
const specEventNames: Record<string, string> = {
  'response.reasoning_text.delta': 'response.reasoning.delta',
  'response.reasoning_text.done': 'response.reasoning.done',
};

/** Annotations of the document that are not JSON Schema keywords (OpenAPI's and the spec's). */
const annotationKeywords = [
  'components',
  'discriminator',
  'example',
  'x-enumDescriptions',
  'x-openresponses-added-in',
  'x-openresponses-disallowed',
  'x-unionDisplay',
  'x-unionTitle',
];

interface Validators {
  events: Map<string, ValidateFunction>;
  response: ValidateFunction;
  /** Any other component schema, by name, compiled on first use. */
  schema(name: string): ValidateFunction;
}

let compiled: Validators | undefined;

function validators(): Validators {
  compiled ??= compile();
  return compiled;
}

function compile(): Validators {
  const document = JSON.parse(readFileSync(openResponsesSpecPath, 'utf8')) as OpenApiDocument;
  const schemas = structuredClone(document.components.schemas);
  const format = schemas.JsonSchemaResponseFormat?.properties;
  if (!isRecord(format) || !isRecord(format.schema)) {
    throw new Error('The spec has no JsonSchemaResponseFormat.properties.schema to relax.');
  }
  // Exception (b).
  format.schema = { anyOf: [{ type: 'object' }, { type: 'boolean' }, { type: 'null' }] };
  // Exception (c): wherever the spec accepts an output item, a custom tool call is judged by
  // the openai type instead; every other item still goes through the spec's own union.
  const itemField = schemas.ItemField;
  if (itemField === undefined) throw new Error('The spec has no ItemField schema.');
  schemas.ItemField = {
    if: { type: 'object', required: ['type'], properties: { type: { const: 'custom_tool_call' } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, not a thenable.
    then: { $ref: customToolCallSchema.$id },
    else: itemField,
  };

  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addVocabulary(annotationKeywords);
  ajv.addSchema(customToolCallSchema);
  ajv.addSchema({ $id: specId, components: { schemas } });

  const events = new Map<string, ValidateFunction>();
  for (const name of streamingEventSchemaNames(document)) {
    const type = eventTypeOf(schemas[name], name);
    events.set(type, ajv.getSchema(schemaRef(name))!);
  }
  for (const [type, schema] of Object.entries(customToolCallEventSchemas)) {
    events.set(type, ajv.compile(schema));
  }
  const response = ajv.getSchema(schemaRef('ResponseResource'));
  if (response === undefined) throw new Error('The spec has no ResponseResource schema.');
  const schema = (name: string) => {
    const validate = ajv.getSchema(schemaRef(name));
    if (validate === undefined) throw new Error(`The spec has no ${name} schema.`);
    return validate;
  };
  return { events, response, schema };
}

/** The schemas the spec lists for `text/event-stream` of `POST /responses`: the 24 events. */
function streamingEventSchemaNames(document: OpenApiDocument): string[] {
  const content = document.paths['/responses']?.post?.responses;
  const stream = (content as JsonObject | undefined)?.['200'] as JsonObject | undefined;
  const schema = (stream?.content as JsonObject | undefined)?.['text/event-stream'] as
    | { schema?: { oneOf?: Array<{ $ref?: string }> } }
    | undefined;
  const refs = schema?.schema?.oneOf ?? [];
  const names = refs.map((ref) => ref.$ref?.replace('#/components/schemas/', '') ?? '');
  if (names.length !== 24 || names.includes('')) {
    throw new Error(`Expected the spec to list 24 streaming event schemas, got ${names.length}.`);
  }
  return names;
}

function eventTypeOf(schema: JsonObject | undefined, name: string): string {
  const type = (schema?.properties as JsonObject | undefined)?.type as
    | { enum?: unknown[] }
    | undefined;
  const [value, ...others] = type?.enum ?? [];
  if (typeof value !== 'string' || others.length > 0) {
    throw new Error(`The spec's ${name} has no single type in its type.enum.`);
  }
  return value;
}

/** The event types the validator knows: the spec's 24, then the OpenAI names it maps. */
export function knownEventTypes(): string[] {
  return [...validators().events.keys(), ...Object.keys(specEventNames)];
}

/** What is wrong with `event` under the spec, one `<path>: <message>` per violation; [] if valid. */
export function validateEvent(event: unknown): string[] {
  const type = isRecord(event) ? event.type : undefined;
  if (typeof type !== 'string') return ['/type: must be a string naming the event'];
  const specType = specEventNames[type] ?? type;
  const validate = validators().events.get(specType);
  if (validate === undefined) {
    return [`/type: ${JSON.stringify(type)} is not an event type of the Open Responses spec`];
  }
  const value = specType === type ? event : { ...(event as JsonObject), type: specType };
  return validate(value) ? [] : describeErrors(validate.errors);
}

/** What is wrong with `response` under the spec's `ResponseResource`; [] if valid. */
export function validateResponse(response: unknown): string[] {
  const { response: validate } = validators();
  return validate(response) ? [] : describeErrors(validate.errors);
}

/**
 * What is wrong with `value` under one of the spec's component schemas (`CompactResource`,
 * `WebSocketErrorEvent`, `WebSocketResponseCreateEvent`, …); [] if valid.
 */
export function validateSchema(name: string, value: unknown): string[] {
  const validate = validators().schema(name);
  return validate(value) ? [] : describeErrors(validate.errors);
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? []).map((error) => {
    const detail =
      error.keyword === 'additionalProperties' || error.keyword === 'enum'
        ? ` ${JSON.stringify(error.params)}`
        : '';
    return `${error.instancePath || '/'}: ${error.message ?? error.keyword}${detail}`;
  });
  return [...new Set(lines)];
}
